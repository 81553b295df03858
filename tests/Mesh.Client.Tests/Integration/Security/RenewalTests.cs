using System.Collections.Concurrent;
using System.Net;
using Mesh.Testing;
using static Mesh.Client.Tests.Integration.Security.SecureMesh;

namespace Mesh.Client.Tests.Integration.Security;

/// <summary>Certificates that live a few seconds, renewed on both sides while traffic flows.</summary>
public class RenewalTests
{
    [Fact]
    public async Task Renewal_UnderContinuousTraffic_LosesNoRequest_NewConnectionsUseTheNewCertificate()
    {
        var lifetime = TimeSpan.FromSeconds(5);
        await using var mesh = await StartAsync(PeerAuthentication("default", "istio-system", "STRICT"));
        mesh.Backend.PublishIdentity(mesh.Ca.Issue("default", "reviews", lifetime));
        var first = mesh.Ca.Issue("default", "caller", lifetime);
        Publish(mesh.Client, first);
        var published = new ConcurrentQueue<string>([first.Certificate.SerialNumber]);
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentQueue<(bool NewConnection, string? Serial)>();
        using var stop = new CancellationTokenSource();

        // Two callers reuse pooled connections (they outlive the certificate they were made with); two others
        // ask for a new connection for every request, so each of their requests is a handshake with the
        // certificates in force at that moment.
        var traffic = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://reviews:9080/renewal"));
                request.Headers.ConnectionClose = i % 2 == 1;
                try
                {
                    using var response = await mesh.Client.Http.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.OK || Header(response, "x-peer-principal") != CallerPrincipal)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {Header(response, "x-mesh-reason")}");
                    }

                    seen.Enqueue((request.Headers.ConnectionClose == true, Header(response, "x-client-cert-serial")));
                }
                catch (HttpRequestException ex)
                {
                    failures.Enqueue(ex.Message);
                }
            }
        })).ToArray();

        // Renew both sides every 1.5 s, four times: well past the first certificates' expiry (5 s).
        for (var renewal = 0; renewal < 4; renewal++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            mesh.Backend.PublishIdentity(mesh.Ca.Issue("default", "reviews", lifetime));
            var next = mesh.Ca.Issue("default", "caller", lifetime);
            Publish(mesh.Client, next);
            published.Enqueue(next.Certificate.SerialNumber);
        }

        await Task.Delay(TimeSpan.FromSeconds(0.5));
        await stop.CancelAsync();
        await Task.WhenAll(traffic);
        using var last = new HttpRequestMessage(HttpMethod.Get, new Uri("http://reviews:9080/last"));
        last.Headers.ConnectionClose = true;
        using var lastResponse = await mesh.Client.Http.SendAsync(last);

        Assert.Empty(failures);
        Assert.True(seen.Count > 20, $"only {seen.Count} requests were sent");
        var onNewConnections = seen.Where(s => s.NewConnection).Select(s => s.Serial).Distinct().ToList();
        Assert.True(onNewConnections.Count >= 3, $"new connections showed only {onNewConnections.Count} distinct client certificates over four renewals");
        Assert.Subset(published.ToHashSet(), onNewConnections.Where(s => s is not null).Select(s => s!).ToHashSet());
        Assert.Equal(published.Last(), Header(lastResponse, "x-client-cert-serial"));
    }
}
