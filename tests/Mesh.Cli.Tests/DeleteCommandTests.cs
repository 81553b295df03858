using System.Net;
using Mesh.Cli.Tests.Infrastructure;
using Mesh.Policy.Api;
using Mesh.Policy.Parsing;
using Mesh.Testing;

namespace Mesh.Cli.Tests;

public class DeleteCommandTests
{
    [Fact]
    public async Task Delete_ByKindAndName_CallsTheResourcePathAndPrintsDeleted()
    {
        var server = new StubControlServer(_ => StubControlServer.Json(new ApplyResponse(8, false, [new ResourceChange("VirtualService", "bookinfo", "reviews", "deleted", null)], [])));

        var result = await new CliRun { Server = server }.RunAsync("delete", "vs", "reviews", "-n", "bookinfo");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal(ApiRoutes.Resources + "/virtualservices/bookinfo/reviews", request.PathAndQuery);
        Assert.Equal(["virtualservice.networking.istio.io/reviews deleted"], result.OutLines);
    }

    [Fact]
    public async Task Delete_Missing_ExitsOneUnlessIgnored()
    {
        var server = new StubControlServer(_ => StubControlServer.Error(HttpStatusCode.NotFound, new ErrorResponse("not found")));

        var missing = await new CliRun { Server = server }.RunAsync("delete", "dr", "nope");
        var ignored = await new CliRun { Server = server }.RunAsync("delete", "dr", "nope", "--ignore-not-found");

        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Equal("Error from server (NotFound): destinationrules.networking.istio.io \"nope\" not found in namespace \"default\"\n", missing.Error);
        Assert.True(ignored.ExitCode == 0, ignored.ToString());
        Assert.Empty(ignored.Error);
    }

    [Fact]
    public async Task Delete_FromFile_SendsTheFileToTheDeleteEndpoint()
    {
        var server = new StubControlServer(_ => StubControlServer.Json(new ApplyResponse(
            9,
            false,
            [
                new ResourceChange("DestinationRule", "default", "productpage", "deleted", null),
                new ResourceChange("DestinationRule", "default", "reviews", "not-found", null),
            ],
            [])));

        var result = await new CliRun { Server = server }.RunAsync("delete", "-f", Samples.DestinationRuleAll);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(ApiRoutes.Delete, server.Requests[0].PathAndQuery);
        Assert.Equal(4, PolicyParser.Parse(server.Requests[0].Body!).Resources.Count);
        Assert.Equal(["destinationrule.networking.istio.io/productpage deleted"], result.OutLines);
        Assert.Equal(["Error from server (NotFound): destinationrules.networking.istio.io \"reviews\" not found in namespace \"default\""], result.ErrorLines);
    }

    [Fact]
    public async Task Delete_InvalidFile_ExitsOneWithoutCallingTheServer()
    {
        using var dir = new TempDirectory();
        dir.Write("bad.yaml", Samples.InvalidVirtualService);
        var server = new StubControlServer(_ => throw new InvalidOperationException("the server must not be called"));

        var result = await new CliRun { WorkingDirectory = dir.Path, Server = server }.RunAsync("delete", "-f", "bad.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(server.Requests);
        Assert.EndsWith("error: 2 errors in the input; nothing was deleted\n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_UnknownKind_ExitsTwo()
    {
        var result = await CliRun.Run("delete", "gateway", "bookinfo-gateway", "--server", UnusedPort.ServerUrl());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: Gateway is not supported by Mesh", result.Error, StringComparison.Ordinal);
    }
}
