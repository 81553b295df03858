using Mesh.Cli.Tests.Infrastructure;
using Mesh.Policy.Api;
using Mesh.Policy.Parsing;
using Mesh.Policy.Serialization;

namespace Mesh.Cli.Tests;

public class StatusCommandTests
{
    [Fact]
    public async Task Status_PrintsServerStoreResourcesServicesAndInstances()
    {
        var status = new StatusResponse(
            "1.0.0",
            42,
            CliRun.Now.AddHours(-2),
            "file",
            new Dictionary<string, int> { ["VirtualService"] = 4, ["DestinationRule"] = 4 },
            [new ServiceSummary("reviews", "bookinfo", 2, ["v1", "v2"])],
            2);
        var instances = PolicyParser.Parse("""
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: reviews-v1-a, namespace: bookinfo, creationTimestamp: "2025-06-01T11:59:00Z"}
            spec: {address: 10.0.0.11, ports: {http: 9080}, labels: {app: reviews, version: v1}}
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: reviews-v2-b, namespace: bookinfo, creationTimestamp: "2025-06-01T11:58:00Z"}
            spec: {address: 10.0.0.12, ports: {http: 9080}, labels: {app: reviews, version: v2}}
            """).Resources;
        var server = new StubControlServer(request => request.Uri.AbsolutePath == ApiRoutes.Status
            ? StubControlServer.Json(status)
            : StubControlServer.Json(new ResourceListResponse(42, [.. instances.Select(PolicySerializer.ToJsonNode)])));

        var result = await new CliRun { Server = server }.RunAsync("status", "--server", "http://127.0.0.1:15010");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            """
            Control server:  http://127.0.0.1:15010/
            Version:         1.0.0
            Revision:        42
            Store:           file
            Started:         2025-06-01 10:00:00Z (120m ago)

            KIND              COUNT
            DestinationRule   4
            VirtualService    4

            NAMESPACE   SERVICE   INSTANCES   VERSIONS
            bookinfo    reviews   2           v1,v2

            Instances:       2
            NAMESPACE   NAME           ADDRESS     APP       VERSION   SERVICE-ACCOUNT   AGE
            bookinfo    reviews-v1-a   10.0.0.11   reviews   v1        <none>            60s
            bookinfo    reviews-v2-b   10.0.0.12   reviews   v2        <none>            2m

            """,
            result.Out);
    }

    [Fact]
    public async Task Status_UnreachableServer_ExitsTwo()
    {
        var result = await CliRun.Run("status", "--server", UnusedPort.ServerUrl());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is it running? (dotnet run --project src/Mesh.Server)", result.Error, StringComparison.Ordinal);
    }
}
