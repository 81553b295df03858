using Mesh.Policy.Api;
using Mesh.Testing;

namespace Mesh.Server.Tests;

/// <summary>The control server's <c>/metrics</c>: its own state and requests, in a promtool-clean exposition.</summary>
public class MetricsTests
{
    [Fact]
    public async Task Metrics_CountResourcesAppliesTokenFailuresAndWatchers_AndPassPromtool()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Yaml.Join(Yaml.DestinationRule("reviews", "v1", "v2"), Yaml.DestinationRule("ratings", "v1")));
        await server.Admin.ApplyAsync(Yaml.DestinationRule("details", "v1"), dryRun: true);
        await Assert.ThrowsAsync<ControlPlaneException>(() => server.Admin.ApplyAsync("kind: Nonsense"));
        await Assert.ThrowsAsync<ControlPlaneException>(() => server.NewClient("not-the-token").ApplyAsync(Yaml.DestinationRule("x", "v1")));
        await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.ApplyAsync(Yaml.DestinationRule("x", "v1")));
        using var watchCancel = new CancellationTokenSource();
        var watch = server.Join.WatchAsync(1, new WatchFilter(), TimeSpan.FromSeconds(60), watchCancel.Token);

        using var http = new HttpClient { BaseAddress = server.Address };
        var text = await Eventually.ValueAsync(
            () => http.GetStringAsync(new Uri("/metrics", UriKind.Relative)), // anonymous: /metrics needs no token
            exposition => Exposition.Value(exposition, "mesh_server_watchers") == 1,
            TimeSpan.FromSeconds(20),
            "the server never counted the watcher");

        Assert.Equal(1, Exposition.Value(text, "mesh_server_watchers"));
        Assert.Equal(1, Exposition.Value(text, "mesh_server_revision"));
        Assert.Equal(2, Exposition.Value(text, "mesh_server_resources", ("kind", "DestinationRule")));
        Assert.Equal(1, Exposition.Value(text, "mesh_server_applies_total", ("outcome", "applied")));
        Assert.Equal(1, Exposition.Value(text, "mesh_server_applies_total", ("outcome", "dry_run")));
        Assert.Equal(1, Exposition.Value(text, "mesh_server_applies_total", ("outcome", "rejected")));
        Assert.Equal(1, Exposition.Value(text, "mesh_server_token_failures_total", ("reason", "invalid")));
        Assert.Equal(1, Exposition.Value(text, "mesh_server_token_failures_total", ("reason", "forbidden")));
        Assert.Equal(0, Exposition.Value(text, "mesh_server_registered_instances"));
        Assert.Empty(await Promtool.CheckMetricsAsync(text));

        await watchCancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch);
    }
}
