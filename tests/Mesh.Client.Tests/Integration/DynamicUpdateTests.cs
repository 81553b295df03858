using System.Collections.Concurrent;
using Mesh.Testing;

namespace Mesh.Client.Tests.Integration;

public class DynamicUpdateTests
{
    [Fact]
    public async Task PolicyChangesWhileTrafficFlows_NoRequestFails()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.WaitForRevisionAsync((await reviews.Server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v1", 100)))).Revision);
        var outcomes = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var traffic = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var (key, count) in await Reviews.SendAsync(client.Http, 10))
                {
                    outcomes.AddOrUpdate(key, count, (_, c) => c + count);
                }
            }
        })));

        foreach (var split in new[] { new[] { ("v2", 100) }, [("v1", 50), ("v3", 50)], [("v3", 100)], [("v1", 34), ("v2", 33), ("v3", 33)] })
        {
            var applied = await reviews.Server.Admin.ApplyAsync(Reviews.Route(split));
            await client.WaitForRevisionAsync(applied.Revision);
            await Task.Delay(150);
        }

        await stop.CancelAsync();
        await traffic;

        Assert.DoesNotContain(outcomes.Keys, k => k.StartsWith("error", StringComparison.Ordinal));
        Assert.Equal(["v1", "v2", "v3"], outcomes.Keys.Order());
    }

    [Fact]
    public async Task InstanceJoinsAndLeaves_ClientFollowsWithoutFailures()
    {
        await using var reviews = await Reviews.StartAsync();
        await using var client = await MeshedClient.StartAsync(reviews.Server);
        await client.CatchUpAsync(reviews.Server);

        // Every answer, those sent while the instance joins and leaves included: that is when a failure would show.
        var all = new Dictionary<string, int>();
        async Task<Dictionary<string, int>> SendAsync(int count)
        {
            var counts = await Reviews.SendAsync(client.Http, count);
            foreach (var (key, n) in counts)
            {
                all[key] = all.GetValueOrDefault(key) + n;
            }

            return counts;
        }

        await using var v4 = await Backend.StartAsync("reviews", "v4", reviews.Server);
        await Eventually.TrueAsync(async () => (await SendAsync(10)).ContainsKey("v4"), TimeSpan.FromSeconds(20), "v4 was never called after it joined");

        await v4.DisposeAsync(); // graceful: deregisters, then stops listening
        await Eventually.TrueAsync(async () => !(await SendAsync(30)).ContainsKey("v4"), TimeSpan.FromSeconds(20), "v4 was still called after it left");
        var after = await SendAsync(100);

        Assert.DoesNotContain(after.Keys, k => k == "v4");
        Assert.Equal(["v1", "v2", "v3", "v4"], all.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ControlServerStopsAndReturns_NoRequestFailsAndClientResyncs()
    {
        using var data = new TempDirectory();
        var server = await RunningServer.StartAsync(data.Path);
        var address = server.Address;
        await using var v1 = await Backend.StartAsync("reviews", "v1", server);
        await using var v2 = await Backend.StartAsync("reviews", "v2", server);
        await using var client = await MeshedClient.StartAsync(server);
        await client.WaitForRevisionAsync((await server.Admin.ApplyAsync(Reviews.Subsets + "\n---\n" + Reviews.Route(("v1", 100)))).Revision);

        await server.DisposeAsync();
        var whileDown = await Reviews.SendAsync(client.Http, 200);

        // Same data directory and address: what an operator's restart looks like.
        await using var restarted = await RunningServer.StartAsync(data.Path, o => o.Listen = address.ToString());
        var applied = await restarted.Admin.ApplyAsync(Reviews.Route(("v2", 100)));
        await client.WaitForRevisionAsync(applied.Revision, TimeSpan.FromSeconds(30));
        var afterReturn = await Reviews.SendAsync(client.Http, 50);

        Assert.Equal(200, whileDown["v1"]);
        Assert.Equal(50, afterReturn["v2"]);
    }
}
