using System.Net;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests.Infrastructure;

/// <summary>
/// Tells when productpage's data plane, in another process, runs on the policy a test applied. Before the test's
/// files, a VirtualService named <c>reviews</c> is applied that sends one unique User-Agent to a subset nothing
/// defines (so that productpage answers 503 for it) and everything else to reviews as usual. Once productpage shows
/// the 503, it has every earlier change. The test's files then replace (or the barrier deletes) that VirtualService;
/// once the unique User-Agent gets 200 again, productpage has every change up to the test's files, which came in the
/// same or earlier revisions. Istio's files name their reviews VirtualService <c>reviews</c>, so they replace it.
/// </summary>
internal sealed class SyncBarrier
{
    private const string Label = "bookinfo-tests/barrier";
    private readonly BookInfoCluster _cluster;
    private readonly string _userAgent;

    private SyncBarrier(BookInfoCluster cluster, string userAgent)
    {
        _cluster = cluster;
        _userAgent = userAgent;
    }

    public static async Task<SyncBarrier> RaiseAsync(BookInfoCluster cluster)
    {
        var barrier = new SyncBarrier(cluster, "sync-" + Guid.NewGuid().ToString("N"));
        await cluster.Admin.ApplyAsync($"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
              labels:
                {Label}: "true"
            spec:
              hosts:
              - reviews
              http:
              - match:
                - headers:
                    user-agent:
                      exact: {barrier._userAgent}
                route:
                - destination:
                    host: reviews
                    subset: {barrier._userAgent}
              - route:
                - destination:
                    host: reviews
            """);
        await barrier.WaitForAsync(HttpStatusCode.ServiceUnavailable);
        return barrier;
    }

    /// <summary>Removes the barrier if the test's files did not replace it, and waits until productpage has passed it.</summary>
    public async Task PassAsync()
    {
        if (await _cluster.Admin.GetAsync(ResourceKinds.VirtualService, "default", "reviews") is { } stored
            && stored.Metadata.Labels?.ContainsKey(Label) == true)
        {
            await _cluster.Admin.DeleteAsync(ResourceKinds.VirtualService, "default", "reviews");
        }

        await WaitForAsync(HttpStatusCode.OK);
    }

    private Task WaitForAsync(HttpStatusCode expected) =>
        Eventually.TrueAsync(
            async () => await _cluster.ReviewsApiStatusAsync(_userAgent) == expected,
            TimeSpan.FromSeconds(20),
            $"productpage never answered {(int)expected} for the sync User-Agent");
}
