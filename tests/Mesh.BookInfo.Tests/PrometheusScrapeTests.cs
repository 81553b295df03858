using Mesh.BookInfo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests;

/// <summary>
/// Istio's Prometheus habits on BookInfo: a real Prometheus server scrapes every service's <c>/metrics</c> and
/// answers the query a Grafana panel would make, request rate to reviews by destination version.
/// </summary>
[Collection(BookInfoCollection.Name)]
public sealed class PrometheusScrapeTests(BookInfoCluster bookInfo)
{
    private static readonly string[] Workloads = ["productpage v1", "details v1", "reviews v1", "reviews v2", "reviews v3", "ratings v1"];

    [Fact]
    public async Task RealPrometheus_ScrapesBookInfo_AndAnswersRequestRateByReviewsVersion()
    {
        // Istio's 50/50 split between reviews v1 and v3: v2 gets nothing.
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-reviews-50-v3.yaml"));
        await using var prometheus = PrometheusServer.Start(Workloads.Select(bookInfo.UrlOf));
        await Eventually.TrueAsync(prometheus.IsReadyAsync, TimeSpan.FromSeconds(60), "Prometheus did not become ready");
        await Eventually.TrueAsync(
            async () => (await prometheus.QueryAsync("sum(up{job=\"bookinfo\"})")) is [var up] && up.Value == Workloads.Length,
            TimeSpan.FromSeconds(60),
            "Prometheus did not scrape all six services");

        // Pages keep coming while Prometheus scrapes, so that rate() has samples on both sides of some traffic.
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            using var page = PageClient.Anonymous(bookInfo.Productpage);
            while (!stop.IsCancellationRequested)
            {
                await page.CountVersionsAsync(10, parallelism: 2);
            }
        });

        const string Query = "sum by (destination_version) (rate(istio_requests_total{reporter=\"source\",destination_service_name=\"reviews\"}[30s]))";
        List<(Dictionary<string, string> Labels, double Value)> rates = [];
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    rates = await prometheus.QueryAsync(Query);
                    return rates.Count(r => r.Labels.GetValueOrDefault("destination_version") is "v1" or "v3" && r.Value > 0) == 2;
                },
                TimeSpan.FromSeconds(90),
                "Prometheus never had a request rate for both reviews v1 and v3");
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }

        var byVersion = rates.ToDictionary(r => r.Labels["destination_version"], r => r.Value, StringComparer.Ordinal);
        Assert.True(byVersion["v1"] > 0 && byVersion["v3"] > 0, string.Join(", ", byVersion));
        Assert.Equal(0, byVersion.GetValueOrDefault("v2")); // a v2 series may exist from earlier tests, with no increase now

        // The reviews services report the same traffic from their side, with productpage as the source.
        var inbound = await prometheus.QueryAsync("sum by (source_workload, destination_workload) (istio_requests_total{reporter=\"destination\",destination_service_name=\"reviews\"})");
        Assert.Contains(inbound, r => r.Labels.GetValueOrDefault("source_workload") == "productpage-v1" && r.Labels.GetValueOrDefault("destination_workload") == "reviews-v1" && r.Value > 0);
    }
}
