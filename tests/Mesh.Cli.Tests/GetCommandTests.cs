using System.Net;
using Mesh.Cli.Tests.Infrastructure;
using Mesh.Policy.Api;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Policy.Serialization;

namespace Mesh.Cli.Tests;

public class GetCommandTests
{
    private static StubControlServer Listing(params IEnumerable<MeshResource>[] resources) =>
        new(_ => StubControlServer.Json(new ResourceListResponse(12, [.. resources.SelectMany(r => r).Select(PolicySerializer.ToJsonNode)])));

    [Fact]
    public async Task Get_UnknownKind_ExitsTwoWithTheKindsAsAHint()
    {
        var result = await CliRun.Run("get", "virtualserver", "--server", UnusedPort.ServerUrl());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: unknown kind \"virtualserver\"; use one of: virtualservices (vs), destinationrules (dr)", result.Error, StringComparison.Ordinal);
        Assert.Contains("or all", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IstioKindMeshDoesNotImplement_SaysWhy()
    {
        var result = await CliRun.Run("get", "gateways", "--server", UnusedPort.ServerUrl());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: Gateway is not supported by Mesh: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_DestinationRules_PrintsAHostAndSubsetsTable()
    {
        var server = Listing(Samples.Resources(Samples.DestinationRuleAll, CliRun.Now.AddMinutes(-90)));

        var result = await new CliRun { Server = server }.RunAsync("get", "dr");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ApiRoutes.Resources + "?kind=DestinationRule&namespace=default", server.Requests[0].PathAndQuery);
        Assert.Equal(
            [
                "NAME          HOST          SUBSETS                      AGE",
                "details       details       v1,v2                        90m",
                "productpage   productpage   v1                           90m",
                "ratings       ratings       v1,v2,v2-mysql,v2-mysql-vm   90m",
                "reviews       reviews       v1,v2,v3                     90m",
            ],
            result.OutLines);
    }

    [Fact]
    public async Task Get_VirtualServicesInAllNamespaces_AddsANamespaceColumn()
    {
        var server = Listing(
            Samples.Resources(Samples.ReviewsSplit, CliRun.Now.AddSeconds(-42), "bookinfo"),
            Samples.Resources(Samples.VirtualServiceAllV1, CliRun.Now.AddDays(-3).AddHours(-4)).Where(r => r.Metadata.Name == "ratings"));

        var result = await new CliRun { Server = server }.RunAsync("get", "virtualservices", "-A");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ApiRoutes.Resources + "?kind=VirtualService", server.Requests[0].PathAndQuery);
        Assert.Equal(
            [
                "NAMESPACE   NAME      HOSTS     ROUTES   AGE",
                "bookinfo    reviews   reviews   1        42s",
                "default     ratings   ratings   1        3d4h",
            ],
            result.OutLines);
    }

    [Fact]
    public async Task Get_WorkloadEntries_ShowAddressVersionAndServiceAccount()
    {
        var entry = PolicyParser.Parse("""
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: reviews-v2-7f9c, namespace: bookinfo}
            spec:
              address: 10.0.0.12
              ports: {http: 9080}
              labels: {app: reviews, version: v2}
              serviceAccount: bookinfo-reviews
            """).Resources;

        var result = await new CliRun { Server = Listing(entry) }.RunAsync("get", "we", "-n", "bookinfo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [
                "NAME              ADDRESS     APP       VERSION   SERVICE-ACCOUNT    AGE",
                "reviews-v2-7f9c   10.0.0.12   reviews   v2        bookinfo-reviews   <unknown>",
            ],
            result.OutLines);
    }

    [Fact]
    public async Task Get_All_PrintsATablePerKindWithQualifiedNames()
    {
        var server = Listing(
            Samples.Resources(Samples.ReviewsSplit, CliRun.Now.AddMinutes(-5)),
            Samples.Resources(Samples.DestinationRuleAll, CliRun.Now.AddMinutes(-5)).Where(r => r.Metadata.Name == "reviews"));

        var result = await new CliRun { Server = server }.RunAsync("get", "all");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ApiRoutes.Resources + "?namespace=default", server.Requests[0].PathAndQuery);
        Assert.Equal(
            """
            NAME                                         HOSTS     ROUTES   AGE
            virtualservice.networking.istio.io/reviews   reviews   1        5m

            NAME                                          HOST      SUBSETS    AGE
            destinationrule.networking.istio.io/reviews   reviews   v1,v2,v3   5m

            """,
            result.Out);
    }

    [Fact]
    public async Task Get_NothingThere_SaysSoOnStderr()
    {
        var result = await new CliRun { Server = Listing() }.RunAsync("get", "pa", "-n", "bookinfo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Out);
        Assert.Equal("No resources found in bookinfo namespace.\n", result.Error);
    }

    [Fact]
    public async Task Get_OneByName_AsYaml_RoundTrips()
    {
        var reviews = Samples.Resources(Samples.ReviewsSplit, CliRun.Now)[0];
        var server = new StubControlServer(_ => StubControlServer.Json(PolicySerializer.ToJsonNode(reviews)));

        var result = await new CliRun { Server = server }.RunAsync("get", "vs", "reviews", "-o", "yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ApiRoutes.Resources + "/virtualservices/default/reviews", server.Requests[0].PathAndQuery);
        var back = PolicyParser.Parse(result.Out, "out");
        Assert.False(back.HasErrors, string.Join("\n", back.Errors));
        Assert.Equal("reviews", Assert.Single(back.Resources).Metadata.Name);
    }

    [Fact]
    public async Task Get_ListAsJson_IsAlwaysAList()
    {
        var server = Listing(Samples.Resources(Samples.ReviewsSplit, CliRun.Now));

        var result = await new CliRun { Server = server }.RunAsync("get", "vs", "-o", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Out)!;
        Assert.Equal("List", (string?)json["kind"]);
        Assert.Equal("reviews", (string?)json["items"]![0]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Get_MissingResource_ExitsOneWithNotFound()
    {
        var server = new StubControlServer(_ => StubControlServer.Error(HttpStatusCode.NotFound, new ErrorResponse("not found")));

        var result = await new CliRun { Server = server }.RunAsync("get", "dr", "nope", "-n", "bookinfo");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("Error from server (NotFound): destinationrules.networking.istio.io \"nope\" not found in namespace \"bookinfo\"\n", result.Error);
    }

    [Fact]
    public async Task Get_UnreachableServer_ExitsTwo()
    {
        var result = await CliRun.Run("get", "vs", "--server", UnusedPort.ServerUrl());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cannot reach the control server", result.Error, StringComparison.Ordinal);
    }
}
