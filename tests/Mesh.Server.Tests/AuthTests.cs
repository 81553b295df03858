using System.Net;
using Mesh.Policy.Api;
using Mesh.Testing;

namespace Mesh.Server.Tests;

public class AuthTests
{
    [Fact]
    public async Task Apply_WithoutToken_Is401AndChangesNothing()
    {
        await using var server = await RunningServer.StartAsync();

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Anonymous.ApplyAsync(Yaml.DestinationRule("reviews", "v1")));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("token", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await server.Admin.StatusAsync()).Revision);
    }

    [Fact]
    public async Task Apply_WithWrongToken_Is401()
    {
        await using var server = await RunningServer.StartAsync();

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.NewClient("not-the-token").ApplyAsync(Yaml.DestinationRule("reviews", "v1")));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task Apply_WithJoinToken_Is403()
    {
        await using var server = await RunningServer.StartAsync();

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.ApplyAsync(Yaml.DestinationRule("reviews", "v1")));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal(0, (await server.Admin.StatusAsync()).Revision);
    }

    [Fact]
    public async Task WatchAndRegister_WithoutToken_Are401()
    {
        await using var server = await RunningServer.StartAsync();

        var watch = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Anonymous.WatchAsync(0, new WatchFilter(), TimeSpan.FromSeconds(1)));
        var register = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Anonymous.RegisterAsync(Registrations.Reviews("v1", 9082)));

        Assert.Equal(HttpStatusCode.Unauthorized, watch.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, register.StatusCode);
        Assert.Equal(0, (await server.Admin.StatusAsync()).Instances);
    }

    [Fact]
    public async Task Tokens_GivenByConfiguration_AreTheOnesAccepted()
    {
        await using var server = await RunningServer.StartAsync(configure: o =>
        {
            o.AdminToken = "configured-admin";
            o.JoinToken = "configured-join";
        });

        var applied = await server.NewClient("configured-admin").ApplyAsync(Yaml.DestinationRule("reviews", "v1"));
        var registered = await server.NewClient("configured-join").RegisterAsync(Registrations.Reviews("v1", 9082));

        Assert.Equal(1, applied.Revision);
        Assert.NotEmpty(registered.InstanceId);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TokenFiles_AreCreatedOwnerOnly()
    {
        await using var server = await RunningServer.StartAsync();

        foreach (var name in new[] { "admin.token", "join.token", "store.json" })
        {
            var path = Path.Combine(server.DataDirectory, name);
            if (name == "store.json")
            {
                await server.Admin.ApplyAsync(Yaml.DestinationRule("reviews", "v1"));
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
