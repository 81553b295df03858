using Mesh.Policy.Api;
using Mesh.Testing;

namespace Mesh.Server.Tests;

public class WatchTests
{
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Watch_ApplyWhileWaiting_WakesWithTheChangeBeforeItsTimeout()
    {
        await using var server = await RunningServer.StartAsync();
        var watch = server.Join.WatchAsync(0, new WatchFilter(), LongWait);
        await Task.Delay(200);
        Assert.False(watch.IsCompleted);

        await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"));
        var started = DateTime.UtcNow;
        var result = await watch.WaitAsync(TimeSpan.FromSeconds(20));

        // It answered with the event, so it woke on the commit and not on its 30 s timeout.
        var change = Assert.Single(result.Events);
        Assert.Equal(WatchEventTypes.Added, change.Type);
        Assert.Equal("reviews", (string?)change.Resource["metadata"]!["name"]);
        Assert.Equal(1, result.Revision);
        Assert.True(DateTime.UtcNow - started < LongWait);
    }

    [Fact]
    public async Task Watch_FromPastRevision_ReturnsEveryLaterChangeInOrder()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"));
        await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v2"));
        await server.Admin.DeleteAsync(Policy.Resources.ResourceKinds.VirtualService, "default", "reviews");

        var result = await server.Join.WatchAsync(0, new WatchFilter(), LongWait);

        Assert.Equal([WatchEventTypes.Added, WatchEventTypes.Modified, WatchEventTypes.Deleted], result.Events.Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L], result.Events.Select(e => e.Revision));
        Assert.Equal(3, result.Revision);
    }

    [Fact]
    public async Task Watch_HostFilter_SeesOnlyThatServiceInAnyHostForm()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Yaml.Join(
            Yaml.VirtualService("ratings", "v1"),
            Yaml.DestinationRule("reviews.default.svc.cluster.local", "v1").Replace("name: reviews.default.svc.cluster.local", "name: reviews", StringComparison.Ordinal),
            Yaml.VirtualService("reviews", "v1")));
        await server.Join.RegisterAsync(Registrations.Reviews("v1", 9082));

        var result = await server.Join.WatchAsync(0, new WatchFilter { Hosts = ["reviews"] }, LongWait);

        Assert.Equal(
            ["DestinationRule/reviews", "VirtualService/reviews", "WorkloadEntry/reviews"],
            result.Events.Select(e => $"{e.Resource["kind"]}/{((string)e.Resource["metadata"]!["name"]!).Split('-')[0]}").Order());
        Assert.Equal(2, result.Revision);
    }

    [Fact]
    public async Task Watch_KindAndNamespaceFilter_IgnoresOthersButAdvancesRevision()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"));

        // Only DestinationRules in "other": the VirtualService change is skipped, and a timed-out watch still moves on.
        var result = await server.Join.WatchAsync(0, new WatchFilter { Kinds = ["dr"], Namespaces = ["other"] }, TimeSpan.FromSeconds(1));

        Assert.Empty(result.Events);
        Assert.False(result.Resync);
        Assert.Equal(1, result.Revision);
    }

    [Fact]
    public async Task Watch_RevisionOlderThanHistory_AsksForResync()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.WatchHistory = 2);
        for (var i = 0; i < 5; i++)
        {
            await server.Admin.ApplyAsync(Yaml.DestinationRule("svc" + i, "v1"));
        }

        var stale = await server.Join.WatchAsync(1, new WatchFilter(), LongWait);
        var recent = await server.Join.WatchAsync(3, new WatchFilter(), LongWait);

        Assert.True(stale.Resync);
        Assert.Equal(5, stale.Revision);
        Assert.False(recent.Resync);
        Assert.Equal([4L, 5L], recent.Events.Select(e => e.Revision));
    }

    [Fact]
    public async Task Watch_BehindHistoryTrimmedByBytes_AsksForResync()
    {
        // Room for about two revisions of this resource, far below the count limit.
        await using var server = await RunningServer.StartAsync(configure: o => o.WatchHistoryBytes = 9 * 1024);
        for (var i = 1; i <= 5; i++)
        {
            await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1").Replace("  name: reviews", $"  name: reviews\n  annotations:\n    pad: \"{new string('x', 4000)}{i}\"", StringComparison.Ordinal));
        }

        var stale = await server.Join.WatchAsync(1, new WatchFilter(), LongWait);
        var recent = await server.Join.WatchAsync(4, new WatchFilter(), LongWait);

        Assert.True(stale.Resync);
        Assert.Equal(5, stale.Revision);
        Assert.False(recent.Resync);
        Assert.Equal([5L], recent.Events.Select(e => e.Revision));
    }

    [Fact]
    public async Task Watch_RevisionAheadOfStore_AsksForResync()
    {
        await using var server = await RunningServer.StartAsync();

        var result = await server.Join.WatchAsync(42, new WatchFilter(), LongWait);

        Assert.True(result.Resync);
        Assert.Equal(0, result.Revision);
    }

    [Fact]
    public async Task Watch_ServerStopping_AnswersTheWaitingWatchBeforeStopping()
    {
        var server = await RunningServer.StartAsync();

        // The watcher's own client, which outlives the server's disposal (the server's clients are disposed with it,
        // and would cancel a watch whose answer had not been read yet).
        using var watcherHttp = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(120) };
        var watcher = new ControlPlaneClient(watcherHttp, server.Server.JoinToken);

        // Longer than the server's 5 s shutdown timeout: a watch the stop does not wake is not answered at all, its
        // connection is cut when that timeout ends, and the await below throws.
        var watch = watcher.WatchAsync(0, new WatchFilter(), TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = server.Address };
        await Eventually.TrueAsync(
            async () => Exposition.Value(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)), "mesh_server_watchers") == 1,
            TimeSpan.FromSeconds(20),
            "the server never counted the watcher");

        await server.DisposeAsync();
        var result = await watch.WaitAsync(TimeSpan.FromSeconds(120)); // only against a hang: the run fails, not waits

        Assert.Empty(result.Events);
        Assert.Equal(0, result.Revision);
        Assert.False(result.Resync);
    }
}
