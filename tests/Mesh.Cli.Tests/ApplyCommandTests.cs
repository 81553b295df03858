using System.Net;
using Mesh.Cli.Tests.Infrastructure;
using Mesh.Policy.Api;
using Mesh.Policy.Parsing;
using Mesh.Policy.Validation;
using Mesh.Testing;

namespace Mesh.Cli.Tests;

public class ApplyCommandTests
{
    private static readonly ApplyResponse Created = new(
        7,
        false,
        [
            new ResourceChange("DestinationRule", "default", "productpage", "created", "7"),
            new ResourceChange("VirtualService", "default", "ratings", "configured", "7"),
            new ResourceChange("VirtualService", "default", "reviews", "unchanged", "3"),
        ],
        []);

    [Fact]
    public async Task Apply_InvalidFile_ExitsOneWithTheErrorsAndNeverCallsTheServer()
    {
        using var dir = new TempDirectory();
        dir.Write("bad.yaml", Samples.InvalidVirtualService);

        // Nothing listens there: had meshctl called it, the output would say "cannot reach" and exit 2.
        var result = await new CliRun { WorkingDirectory = dir.Path }.RunAsync("apply", "-f", "bad.yaml", "--server", UnusedPort.ServerUrl());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("cannot reach", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("bad.yaml[#1] VirtualService default/bad: spec.http[0].corsPolicy: ", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.StartsWith("bad.yaml[#1] VirtualService default/bad: spec.http[0].route[0].weight: ", result.ErrorLines[1], StringComparison.Ordinal);
        Assert.Equal("error: 2 errors in the input; nothing was applied", result.ErrorLines[2]);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Apply_OneBadFileAmongGoodOnes_SendsNothing()
    {
        using var dir = new TempDirectory();
        dir.Write("bad.yaml", Samples.InvalidVirtualService);
        var server = new StubControlServer(_ => StubControlServer.Json(Created));

        var result = await new CliRun { WorkingDirectory = dir.Path, Server = server }.RunAsync("apply", "-f", Samples.DestinationRuleAll, "-f", "bad.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Apply_UnreachableServer_ExitsTwoAndSaysHowToStartIt()
    {
        var url = UnusedPort.ServerUrl();

        var result = await CliRun.Run("apply", "-f", Samples.DestinationRuleAll, "--server", url);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: cannot reach the control server at {url}/: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("is it running? (dotnet run --project src/Mesh.Server)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_SeveralFiles_SendsOneBodyAndPrintsALinePerResource()
    {
        using var dir = new TempDirectory();
        dir.Write("ratings.yaml", Samples.RatingsVirtualService);
        var server = new StubControlServer(_ => StubControlServer.Json(Created));

        var result = await new CliRun { WorkingDirectory = dir.Path, Server = server }.RunAsync("apply", "-f", Samples.DestinationRuleAll, "-f", "ratings.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(ApiRoutes.Apply, request.PathAndQuery);

        // One body with every document of both files, in order: the server applies it atomically.
        var sent = PolicyParser.Parse(request.Body!, "body");
        Assert.False(sent.HasErrors, string.Join("\n", sent.Errors));
        Assert.Equal(["productpage", "reviews", "ratings", "details", "ratings"], sent.Resources.Select(r => r.Metadata.Name));
        Assert.Equal(
            [
                "destinationrule.networking.istio.io/productpage created",
                "virtualservice.networking.istio.io/ratings configured",
                "virtualservice.networking.istio.io/reviews unchanged",
            ],
            result.OutLines);
    }

    [Fact]
    public async Task Apply_DryRun_AsksTheServerNotToWriteAndSaysSo()
    {
        var server = new StubControlServer(_ => StubControlServer.Json(Created with { DryRun = true }));

        var result = await new CliRun { Server = server }.RunAsync("apply", "-f", Samples.DestinationRuleAll, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ApiRoutes.Apply + "?dryRun=true", server.Requests[0].PathAndQuery);
        Assert.Equal("destinationrule.networking.istio.io/productpage created (dry run)", result.OutLines[0]);
    }

    [Fact]
    public async Task Apply_Directory_SendsItsFilesInNameOrder()
    {
        using var dir = new TempDirectory();
        dir.Write("policy/b.yaml", Samples.RatingsVirtualService);
        dir.Write("policy/a.json", """{"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "details"}, "spec": {"hosts": ["details"], "http": [{"route": [{"destination": {"host": "details"}}]}]}}""");
        dir.Write("policy/README.md", "# not policy");
        var server = new StubControlServer(_ => StubControlServer.Json(Created));

        var result = await new CliRun { WorkingDirectory = dir.Path, Server = server }.RunAsync("apply", "-f", "policy");

        Assert.True(result.ExitCode == 0, result.ToString());
        var sent = PolicyParser.Parse(server.Requests[0].Body!, "body");
        Assert.Equal(["details", "ratings"], sent.Resources.Select(r => r.Metadata.Name));
    }

    [Fact]
    public async Task Apply_Namespace_SendsResourcesPlacedInIt()
    {
        var server = new StubControlServer(_ => StubControlServer.Json(Created));

        var result = await new CliRun { Server = server }.RunAsync("apply", "-f", Samples.DestinationRuleAll, "-n", "bookinfo");

        Assert.True(result.ExitCode == 0, result.ToString());
        var sent = PolicyParser.Parse(server.Requests[0].Body!, "body");
        Assert.Equal(4, sent.Resources.Count);
        Assert.All(sent.Resources, r => Assert.Equal("bookinfo", r.Metadata.Namespace));
    }

    [Fact]
    public async Task Apply_ServerRejects_PrintsItsDiagnosticsAndExitsOne()
    {
        var diagnostic = new PolicyDiagnostic(DiagnosticSeverity.Error, "input", 2, "VirtualService", "default", "reviews", "metadata.resourceVersion", "conflict: the stored version is 9");
        var server = new StubControlServer(_ => StubControlServer.Error(HttpStatusCode.Conflict, new ErrorResponse("the apply was refused; nothing was written", [diagnostic])));

        var result = await new CliRun { Server = server }.RunAsync("apply", "-f", Samples.DestinationRuleAll);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            [
                "input[#2] VirtualService default/reviews: metadata.resourceVersion: conflict: the stored version is 9",
                "error: the apply was refused; nothing was written",
            ],
            result.ErrorLines);
    }

    [Fact]
    public async Task Apply_ServerWarnings_ArePrintedAsWarningLines()
    {
        var warning = new PolicyDiagnostic(DiagnosticSeverity.Warning, "input", 1, "VirtualService", "default", "reviews", "spec.http[0].route[0].destination.subset", "subset \"v9\" is not defined");
        var server = new StubControlServer(_ => StubControlServer.Json(Created with { Warnings = [warning] }));

        var result = await new CliRun { Server = server }.RunAsync("apply", "-f", Samples.DestinationRuleAll);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["Warning: input[#1] VirtualService default/reviews: spec.http[0].route[0].destination.subset: subset \"v9\" is not defined"], result.ErrorLines);
    }

    [Fact]
    public async Task Apply_RefusedToken_ExitsOneAndSaysHowToPassOne()
    {
        var server = new StubControlServer(_ => StubControlServer.Error(HttpStatusCode.Unauthorized, new ErrorResponse("invalid token")));

        var result = await new CliRun { Server = server, Environment = { ["MESH_TOKEN"] = "stale" } }.RunAsync("apply", "-f", Samples.DestinationRuleAll);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("the control server refused the token", result.Error, StringComparison.Ordinal);
        Assert.Contains("pass --token or set MESH_TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_AnswerThatIsNotTheMeshApi_ExitsTwo()
    {
        var server = new StubControlServer(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>hello</html>", System.Text.Encoding.UTF8, "text/html") });

        var result = await new CliRun { Server = server }.RunAsync("apply", "-f", Samples.DestinationRuleAll);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is --server pointing at a Mesh control server", result.Error, StringComparison.Ordinal);
    }
}
