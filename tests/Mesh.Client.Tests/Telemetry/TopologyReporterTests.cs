using Mesh.Client.Telemetry.Topology;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>What the reporter sends, and that it sends nothing when there is nothing new.</summary>
public sealed class TopologyReporterTests
{
    [Fact]
    public async Task BuildReport_OnlyWhenThereIsTraffic_WithTheSourceAndTheDelta()
    {
        using var policy = new TempDirectory();
        await using var client = await MeshedClient.StartAsync(o =>
        {
            o.ServiceName = "productpage";
            o.Version = "v1";
            o.Namespace = "bookinfo";
            o.PolicyFiles.Add(policy.Path);
            o.TopologyReportInterval = TimeSpan.Zero; // no background loop: the test builds the reports
        });
        var runtime = client.Services.GetRequiredService<MeshRuntime>();
        var reporter = client.Services.GetServices<IHostedService>().OfType<TopologyReporter>().Single();

        Assert.Null(reporter.BuildReport());
        runtime.Topology.Record("reviews.bookinfo.svc.cluster.local", "v2", null, 1, error: false);
        var report = reporter.BuildReport();

        Assert.NotNull(report);
        Assert.Equal(("productpage", "bookinfo", "v1"), (report.Source.Service, report.Source.Namespace, report.Source.Version));
        Assert.Equal(12, report.Source.ReporterId.Length);
        var edge = Assert.Single(report.Edges);
        Assert.Equal(("reviews.bookinfo.svc.cluster.local", "v2", 1L), (edge.Host, edge.Version, edge.Requests));
        Assert.Empty(report.Ejected);
        Assert.Null(report.CertificateNotAfter);
        Assert.Null(reporter.BuildReport());
    }
}
