using System.Diagnostics.Metrics;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>
/// Istio's standard metrics after a known number of requests, read from each app's real <c>/metrics</c> over the
/// socket: front (reporter=source) calls back, 5 times with success and 3 times with a 503 that is retried twice.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task KnownTraffic_IstioMetricsCountEveryRequest_BothReporters_WithIstioLabels()
    {
        await using var mesh = await Chain.StartAsync("m1", backStatus: 503, backRetries: 2);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (int)(await mesh.CallFrontAsync("/start?ok=1")).StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(503, (int)(await mesh.CallFrontAsync("/start")).StatusCode);
        }

        var source = await mesh.Front.App.ScrapeAsync();
        (string, string)[] edge =
        [
            ("reporter", "source"), ("source_workload", "front-m1-v1"), ("source_workload_namespace", "default"), ("source_app", "front-m1"),
            ("source_version", "v1"), ("destination_workload", "back-m1-v1"), ("destination_workload_namespace", "default"),
            ("destination_service", "back-m1.default.svc.cluster.local"), ("destination_service_name", "back-m1"),
            ("destination_service_namespace", "default"), ("destination_version", "v1"), ("request_protocol", "http"),
        ];
        Assert.Equal(5, Exposition.Value(source, "istio_requests_total", [.. edge, ("response_code", "200"), ("response_flags", "-")]));
        Assert.Equal(3, Exposition.Value(source, "istio_requests_total", [.. edge, ("response_code", "503"), ("response_flags", "URX")]));
        Assert.Equal(8, Exposition.Value(source, "istio_request_duration_milliseconds_count", edge));
        Assert.Equal(8, Exposition.Value(source, "istio_request_duration_milliseconds_bucket", [.. edge, ("le", "+Inf")]));
        Assert.Equal(8, Exposition.Value(source, "istio_request_bytes_count", edge));
        Assert.Equal(8, Exposition.Value(source, "istio_response_bytes_count", edge));
        Assert.Equal(8 * 4, Exposition.Value(source, "istio_response_bytes_sum", edge)); // back declares Content-Length: 4
        Assert.Equal(8, Exposition.Value(source, "istio_response_bytes_bucket", [.. edge, ("le", "10")]));
        Assert.Equal(0, Exposition.Value(source, "istio_response_bytes_bucket", [.. edge, ("le", "1")]));
        Assert.True(Exposition.Value(source, "istio_request_duration_milliseconds_sum", edge) > 0);
        // Two retries per failing request, counted among the mesh's decisions for the destination.
        Assert.Equal(6, Exposition.Value(source, "mesh_decisions_total", ("reason", "retry"), ("destination", "back-m1.default.svc.cluster.local")));

        // back saw every attempt: 5 successes and 3 x 3 failures, from front (told by its x-mesh-peer header).
        var destination = await mesh.Back.App.ScrapeAsync();
        (string, string)[] inbound =
        [
            ("reporter", "destination"), ("source_workload", "front-m1-v1"), ("source_app", "front-m1"), ("source_version", "v1"),
            ("source_workload_namespace", "default"), ("source_principal", "unknown"), ("destination_workload", "back-m1-v1"),
            ("destination_service_name", "back-m1"), ("connection_security_policy", "none"),
        ];
        Assert.Equal(5, Exposition.Value(destination, "istio_requests_total", [.. inbound, ("response_code", "200")]));
        Assert.Equal(9, Exposition.Value(destination, "istio_requests_total", [.. inbound, ("response_code", "503")]));

        // front's own inbound side: called by a plain client, so the source is unknown.
        Assert.Equal(8, Exposition.Value(source, "istio_requests_total", ("reporter", "destination"), ("source_workload", "unknown"), ("destination_workload", "front-m1-v1")));

        // Scrapes are not traffic, and no path is ever a label.
        Assert.DoesNotContain("/metrics", source, StringComparison.Ordinal);
        Assert.DoesNotContain("/start", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exposition_IsAcceptedByPromtool_ForAServiceAndItsTraffic()
    {
        await using var mesh = await Chain.StartAsync("m2", backStatus: 503, backRetries: 1);
        await mesh.CallFrontAsync("/start?ok=1");
        await mesh.CallFrontAsync("/start");

        foreach (var app in new[] { mesh.Front.App, mesh.Back.App })
        {
            var text = await app.ScrapeAsync();
            Assert.Contains("# TYPE istio_requests_total counter", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE istio_request_duration_milliseconds histogram", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE istio_request_bytes histogram", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE istio_response_bytes histogram", text, StringComparison.Ordinal);
            Assert.Contains("le=\"3600000\"", text, StringComparison.Ordinal);
            var problems = await Promtool.CheckMetricsAsync(text);
            Assert.DoesNotContain(problems, p => !Promtool.IsIstioUnitLint(p));
        }
    }

    [Fact]
    public async Task TwoAppsInOneProcess_EachExposesOnlyItsOwnIstioMetrics()
    {
        await using var mesh = await Chain.StartAsync("m3");
        await mesh.CallFrontAsync("/start");

        // back records its inbound request once its handler has returned, which may be after front has read the
        // response and answered: wait for back's record (the count then must be exactly 1), not for the machine.
        var back = await Eventually.ValueAsync(
            () => mesh.Back.App.ScrapeAsync(),
            text => Exposition.Value(text, "istio_requests_total", ("reporter", "destination")) is not null,
            TimeSpan.FromSeconds(20),
            "back never recorded the request it served");
        Assert.Null(Exposition.Value(back, "istio_requests_total", ("reporter", "source")));
        Assert.Equal(1, Exposition.Value(back, "istio_requests_total", ("reporter", "destination"), ("destination_workload", "back-m3-v1")));
        Assert.Null(Exposition.Value(back, "istio_requests_total", ("destination_workload", "front-m3-v1")));
    }

    [Fact]
    public async Task ListenerBesideMapMeshMetrics_EachSeesEveryRequestExactlyOnce()
    {
        // MapMeshMetrics takes Istio's metrics straight from the mesh; a listener of the app's own (an
        // OpenTelemetry SDK, say) must still get every measurement, and neither path may count a request twice.
        await using var mesh = await Chain.StartAsync("m4");
        var meter = mesh.Front.App.Services.GetRequiredService<MeshRuntime>().Telemetry.Meter;
        long listened = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == "istio_requests_total")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "reporter", Value: "source" })
                {
                    Interlocked.Add(ref listened, value);
                }
            }
        });
        listener.Start();

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(200, (int)(await mesh.CallFrontAsync("/start")).StatusCode);
        }

        Assert.Equal(4, Interlocked.Read(ref listened));
        var source = await mesh.Front.App.ScrapeAsync();
        Assert.Equal(4, Exposition.Value(source, "istio_requests_total", ("reporter", "source"), ("response_code", "200")));
        Assert.Equal(4, Exposition.Value(source, "istio_request_duration_milliseconds_count", ("reporter", "source")));
    }
}
