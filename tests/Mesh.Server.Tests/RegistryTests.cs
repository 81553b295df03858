using System.Net;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Testing;

namespace Mesh.Server.Tests;

public class RegistryTests
{
    [Fact]
    public async Task Register_Instance_AppearsAsWorkloadEntry()
    {
        await using var server = await RunningServer.StartAsync();

        var registration = await server.Join.RegisterAsync(Registrations.Reviews("v2", 9083));

        var (_, entries) = await server.Admin.ListAsync(ResourceKinds.WorkloadEntry, "default");
        var entry = Assert.IsType<WorkloadEntry>(Assert.Single(entries));
        Assert.Equal("127.0.0.1", entry.Spec.Address);
        Assert.Equal(9083, entry.Spec.Ports!["http"]);
        Assert.Equal("reviews", entry.Spec.Labels!["app"]);
        Assert.Equal("v2", entry.Spec.Labels["version"]);
        Assert.Equal("bookinfo-reviews", entry.Spec.ServiceAccount);
        Assert.Equal(registration.InstanceId, entry.Metadata.Annotations!["mesh.io/instance-id"]);
        var status = await server.Admin.StatusAsync();
        Assert.Equal(1, status.Instances);
        Assert.Equal(["v2"], Assert.Single(status.Services).Versions);
    }

    [Fact]
    public async Task Lease_WithoutHeartbeats_ExpiresAndWatchersHearOfIt()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.LeaseTtl = TimeSpan.FromSeconds(1));
        var registration = await server.Join.RegisterAsync(Registrations.Reviews("v1", 9082));

        var result = await server.Join.WatchAsync(registration.Revision, new WatchFilter { Hosts = ["reviews"] }, TimeSpan.FromSeconds(30));

        var deleted = Assert.Single(result.Events);
        Assert.Equal(WatchEventTypes.Deleted, deleted.Type);
        Assert.Equal("WorkloadEntry", (string?)deleted.Resource["kind"]);
        Assert.Empty((await server.Admin.ListAsync(ResourceKinds.WorkloadEntry, null)).Items);
        Assert.False(await server.Join.HeartbeatAsync(registration.InstanceId));
    }

    [Fact]
    public async Task Lease_WithHeartbeats_OutlivesItsTtl()
    {
        // A TTL well above the heartbeat interval, so that a busy machine delaying one heartbeat does not expire it.
        await using var server = await RunningServer.StartAsync(configure: o => o.LeaseTtl = TimeSpan.FromSeconds(3));
        var registration = await server.Join.RegisterAsync(Registrations.Reviews("v1", 9082));

        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(250);
            Assert.True(await server.Join.HeartbeatAsync(registration.InstanceId));
        }

        Assert.Single((await server.Admin.ListAsync(ResourceKinds.WorkloadEntry, null)).Items);
    }

    [Fact]
    public async Task Deregister_RemovesAtOnce()
    {
        await using var server = await RunningServer.StartAsync();
        var registration = await server.Join.RegisterAsync(Registrations.Reviews("v1", 9082));

        await server.Join.DeregisterAsync(registration.InstanceId);

        var result = await server.Join.WatchAsync(registration.Revision, new WatchFilter(), TimeSpan.FromSeconds(5));
        Assert.Equal(WatchEventTypes.Deleted, Assert.Single(result.Events).Type);
        Assert.Equal(0, (await server.Admin.StatusAsync()).Instances);
    }

    [Fact]
    public async Task Register_InvalidInstance_Is400WithWhatToFix()
    {
        await using var server = await RunningServer.StartAsync();

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.RegisterAsync(new InstanceRegistration
        {
            Service = "Reviews_Service",
            Address = "",
            Ports = new Dictionary<string, int>(),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("DNS label", ex.Message, StringComparison.Ordinal);
        Assert.Contains("address", ex.Message, StringComparison.Ordinal);
        Assert.Contains("port", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KeepsRegisteredInstancesWithAFreshLease()
    {
        using var data = new TempDirectory();
        string id;
        await using (var first = await RunningServer.StartAsync(data.Path))
        {
            id = (await first.Join.RegisterAsync(Registrations.Reviews("v1", 9082))).InstanceId;
        }

        await using var second = await RunningServer.StartAsync(data.Path);

        Assert.True(await second.Join.HeartbeatAsync(id));
        Assert.Equal(1, (await second.Admin.StatusAsync()).Instances);
    }
}
