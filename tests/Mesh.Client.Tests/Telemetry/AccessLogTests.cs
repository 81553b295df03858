using System.Diagnostics;
using System.Net;
using Mesh.Client.Identity;
using Mesh.Client.Telemetry;
using Mesh.Testing;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>The mesh's access log: Envoy's fields as structured log state, both directions, and the errors-only filter.</summary>
public sealed class AccessLogTests
{
    [Fact]
    public async Task AccessLog_InboundAndOutbound_CarryEnvoyFields()
    {
        var frontLogs = new CapturingLoggerProvider();
        await using var mesh = await Chain.StartAsync("a1", o => o.AccessLog.Enabled = true, frontLogs: frontLogs);
        using var spans = new SpanCollector(); // a listener, so that the trace id is Mesh's span's
        var trace = ActivityTraceId.CreateRandom();

        await mesh.CallFrontAsync("/start?ok=1", ("x-request-id", "req-a1"), ("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01"));

        var records = frontLogs.Records.Where(r => r.Category == "Mesh.AccessLog").ToList();
        Assert.Equal(2, records.Count);
        var outbound = Assert.Single(records, r => (string?)r.Fields["Direction"] == "outbound").Fields;
        Assert.Equal("GET", outbound["Method"]);
        Assert.Equal("/back?ok=1", outbound["Path"]);
        Assert.Equal("HTTP/1.1", outbound["Protocol"]);
        Assert.Equal(200, outbound["Status"]);
        Assert.Equal("-", outbound["ResponseFlags"]);
        Assert.Equal($"127.0.0.1:{mesh.Back.App.Port}", outbound["UpstreamHost"]);
        Assert.Equal(mesh.Back.FullHost, outbound["UpstreamCluster"]);
        Assert.Equal(4L, outbound["BytesSent"]);
        Assert.Equal(trace.ToHexString(), outbound["TraceId"]);
        Assert.Equal("req-a1", outbound["RequestId"]);
        Assert.True((double)outbound["DurationMs"]! >= 0);

        var inbound = Assert.Single(records, r => (string?)r.Fields["Direction"] == "inbound").Fields;
        Assert.Equal("/start?ok=1", inbound["Path"]);
        Assert.Equal(200, inbound["Status"]);
        Assert.Equal("req-a1", inbound["RequestId"]);
        Assert.Equal(trace.ToHexString(), inbound["TraceId"]);
        Assert.Equal("-", inbound["Peer"]); // a plain client: no mTLS identity, no mesh peer header
        Assert.Equal(mesh.Front.FullHost, inbound["UpstreamCluster"]);
        var start = (DateTimeOffset)inbound["StartTime"]!;
        Assert.InRange(start, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.True(start <= (DateTimeOffset)outbound["StartTime"]!, "the inbound request started before the call it made");
    }

    [Fact]
    public async Task AccessLog_ErrorsOnly_LogsFailuresAndMeshDecisionsOnly()
    {
        var backLogs = new CapturingLoggerProvider();
        var frontLogs = new CapturingLoggerProvider();
        await using var mesh = await Chain.StartAsync("a2", o => { o.AccessLog.Enabled = true; o.AccessLog.ErrorsOnly = true; }, backStatus: 503, backRetries: 1, frontLogs: frontLogs, backLogs: backLogs,
            configureBack: o => { o.AccessLog.Enabled = true; o.AccessLog.ErrorsOnly = true; });

        await mesh.CallFrontAsync("/start?ok=1");
        await mesh.CallFrontAsync("/start");

        var back = backLogs.Records.Where(r => r.Category == "Mesh.AccessLog").Select(r => r.Fields).ToList();
        Assert.Equal(2, back.Count); // two attempts of the failing request; the success is not logged
        Assert.All(back, f => Assert.Equal(503, f["Status"]));
        Assert.All(back, f => Assert.Equal("front-a2;v1;default", f["Peer"]));

        var front = frontLogs.Records.Where(r => r.Category == "Mesh.AccessLog").Select(r => r.Fields).ToList();
        var outbound = Assert.Single(front, f => (string?)f["Direction"] == "outbound");
        Assert.Equal("URX", outbound["ResponseFlags"]);
        Assert.Single(front, f => (string?)f["Direction"] == "inbound" && (int)f["Status"]! == 503);
        Assert.Equal(2, front.Count);
    }

    [Fact]
    public async Task AccessLog_Off_ByDefault()
    {
        var frontLogs = new CapturingLoggerProvider();
        await using var mesh = await Chain.StartAsync("a3", frontLogs: frontLogs);
        await mesh.CallFrontAsync("/start?ok=1");
        Assert.DoesNotContain(frontLogs.Records, r => r.Category == "Mesh.AccessLog");
    }

    [Fact]
    public async Task AccessLog_OutboundRecord_KeepsTheTraceTheCallStartedIn_WhereverItCompletes()
    {
        // The mesh completes a call where the send completes, which is not always in the caller's execution context
        // (a send that ends before the mesh registers its continuation has it run on the thread pool). No listener
        // samples the Mesh source here, so the record's trace id can only be the caller's activity's.
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var options = new MeshOptions { ServiceName = "tracer" };
        options.AccessLog.Enabled = true;
        var telemetry = new MeshTelemetry(options, new WorkloadIdentity(), TimeProvider.System, null, loggers);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/page");

        OutboundCall call;
        ActivityTraceId trace;
        using (var caller = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            trace = caller.TraceId;
            call = telemetry.StartOutbound(request, request.RequestUri!, "reviews.default.svc.cluster.local");
        }

        using var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
        Task completed;
        using (ExecutionContext.SuppressFlow())
        {
            completed = Task.Run(() =>
            {
                Assert.Null(Activity.Current); // the caller's context did not flow here
                call.Complete(response, null);
            });
        }

        await completed;

        var record = Assert.Single(logs.Records, r => r.Category == "Mesh.AccessLog").Fields;
        Assert.Equal(trace.ToHexString(), record["TraceId"]);
    }
}
