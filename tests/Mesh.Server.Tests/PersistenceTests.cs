using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.Server.Tests;

public class PersistenceTests
{
    [Fact]
    public async Task Restart_KeepsEveryResourceAndTheRevision()
    {
        using var data = new TempDirectory();
        await using (var first = await RunningServer.StartAsync(data.Path))
        {
            await first.Admin.ApplyAsync(Yaml.Join(Yaml.DestinationRule("reviews", "v1", "v2"), Yaml.VirtualService("reviews", "v2")));
            await first.Admin.ApplyAsync(Yaml.VirtualService("ratings", "v1"));
            await first.Admin.DeleteAsync(ResourceKinds.VirtualService, "default", "ratings");
        }

        await using var second = await RunningServer.StartAsync(data.Path);

        var (revision, items) = await second.Admin.ListAsync(null, null);
        Assert.Equal(3, revision);
        Assert.Equal(["DestinationRule/reviews", "VirtualService/reviews"], items.Select(r => $"{r.Kind}/{r.Metadata.Name}"));
        Assert.Equal("1", items[1].Metadata.ResourceVersion);

        // The revision keeps counting from where it was.
        Assert.Equal(4, (await second.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"))).Revision);
    }

    [Fact]
    public async Task Restart_WatcherFromBeforeTheRestart_IsToldToResync()
    {
        using var data = new TempDirectory();
        await using (var first = await RunningServer.StartAsync(data.Path))
        {
            await first.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"));
            await first.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v2"));
        }

        await using var second = await RunningServer.StartAsync(data.Path);

        var result = await second.Join.WatchAsync(1, new WatchFilter(), TimeSpan.FromSeconds(5));
        Assert.True(result.Resync);
        Assert.Equal(2, result.Revision);
    }

    [Fact]
    public async Task Start_WithLeftoverTemporaryFile_IgnoresItAndKeepsCommittedState()
    {
        using var data = new TempDirectory();
        await using (var first = await RunningServer.StartAsync(data.Path))
        {
            await first.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"));
        }

        // What a crash between writing and renaming leaves behind: a torn temporary file.
        await File.WriteAllTextAsync(data.File("store.json.tmp"), "{\"format\":1,\"revision\":99,\"resou");

        await using var second = await RunningServer.StartAsync(data.Path);
        var (revision, items) = await second.Admin.ListAsync(null, null);
        Assert.Equal(1, revision);
        Assert.Single(items);
        Assert.False(File.Exists(data.File("store.json.tmp")));
    }

    [Fact]
    public async Task SymlinkPlantedAtTheTemporaryPath_IsRemovedAndItsTargetIsNeverWritten()
    {
        using var data = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var victim = elsewhere.File("victim");
        await File.WriteAllTextAsync(victim, "precious");
        File.CreateSymbolicLink(data.File("store.json.tmp"), victim);

        await using var server = await RunningServer.StartAsync(data.Path);
        await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"));

        Assert.Equal("precious", await File.ReadAllTextAsync(victim));
        Assert.False(File.Exists(data.File("store.json.tmp")) || Directory.Exists(data.File("store.json.tmp")), "the planted link is removed at start");
        Assert.Empty(Directory.GetFiles(data.Path, "*.tmp"));
    }

    [Fact]
    public async Task Start_WithUnreadableStore_RefusesToStartRatherThanLoseData()
    {
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(data.File("store.json"), "{\"format\":7,\"revision\":3,\"resources\":[]}");

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => RunningServer.StartAsync(data.Path));

        Assert.Contains("format 7", ex.Message, StringComparison.Ordinal);
        Assert.Equal("{\"format\":7,\"revision\":3,\"resources\":[]}", await File.ReadAllTextAsync(data.File("store.json")));
    }

    [Fact]
    public async Task KillDuringWrites_LosesNoAcknowledgedApplyAndLeavesNoTornStore()
    {
        using var data = new TempDirectory();
        var acknowledged = new List<(string Name, long Revision)>();
        using (var process = await ServerProcess.StartAsync(data.Path))
        {
            using var http = new HttpClient { BaseAddress = process.Address };
            var admin = new ControlPlaneClient(http, (await File.ReadAllTextAsync(data.File("admin.token"))).Trim());
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        var name = "svc" + i;
                        var response = await admin.ApplyAsync(Yaml.Join(Yaml.DestinationRule(name, "v1", "v2"), Yaml.VirtualService(name, "v1")));
                        lock (acknowledged)
                        {
                            acknowledged.Add((name, response.Revision));
                        }
                    }
                    catch (ControlPlaneException)
                    {
                        return; // the server is gone
                    }
                }
            });

            // Let writes run, then kill the process in the middle of them (bounded: a writer that stopped early would
            // otherwise hang the run).
            await Eventually.ValueAsync(
                () =>
                {
                    lock (acknowledged)
                    {
                        return Task.FromResult(acknowledged.Count);
                    }
                },
                count => count >= 30,
                TimeSpan.FromSeconds(30),
                "the server did not acknowledge 30 applies");

            process.Kill();
            await stop.CancelAsync();
            await writer;
        }

        await using var restarted = await RunningServer.StartAsync(data.Path);
        var (revision, items) = await restarted.Admin.ListAsync(null, null);
        var names = items.Select(r => r.Metadata.Name).ToHashSet();

        // Every apply the client saw succeed is there, whole (both documents), and the revision is at least as far.
        Assert.All(acknowledged, a => Assert.Contains(a.Name, names));
        Assert.True(revision >= acknowledged.Max(a => a.Revision));
        Assert.Equal(items.Count(r => r.Kind == "DestinationRule"), items.Count(r => r.Kind == "VirtualService"));
        Assert.Equal(revision, items.Count / 2);
    }
}
