using System.Net;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.Server.Tests.Registry;

/// <summary>
/// A join token bound to identities registers, renews and removes only instances of those identities (namespace and
/// service account), as it obtains certificates only for them; the default join token and the admin token act on any.
/// </summary>
public class RegistrationScopeTests
{
    private static InstanceRegistration Ratings => new()
    {
        Service = "ratings",
        Address = "127.0.0.1",
        Ports = new Dictionary<string, int> { ["http"] = 9081 },
    };

    [Fact]
    public async Task Register_BoundToken_RegistersItsIdentityAndIsRefusedOthers()
    {
        await using var server = await RunningServer.StartAsync();
        var reviewsToken = await BoundAsync(server, "default", "bookinfo-reviews");

        var own = await reviewsToken.RegisterAsync(Registrations.Reviews("v1", 9080));
        var asRatings = await Assert.ThrowsAsync<ControlPlaneException>(() => reviewsToken.RegisterAsync(Ratings));
        var otherNamespace = await Assert.ThrowsAsync<ControlPlaneException>(() => reviewsToken.RegisterAsync(Registrations.Reviews("v1", 9080) with { Namespace = "prod" }));

        Assert.False(string.IsNullOrEmpty(own.InstanceId));
        Assert.Equal(HttpStatusCode.Forbidden, asRatings.StatusCode);
        Assert.Contains("service account ratings", asRatings.Message, StringComparison.Ordinal);
        Assert.Contains("bound to namespace default, service account bookinfo-reviews", asRatings.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherNamespace.StatusCode);
        Assert.Contains("namespace prod", otherNamespace.Message, StringComparison.Ordinal);
        var entry = Assert.Single((await server.Admin.ListAsync(ResourceKinds.WorkloadEntry, null)).Items);
        Assert.Equal("reviews", entry.Metadata.Labels!["app"]);
    }

    [Fact]
    public async Task HeartbeatAndDeregister_BoundTokenOfAnotherIdentity_Are403AndLeaveTheInstance()
    {
        await using var server = await RunningServer.StartAsync();
        var reviewsToken = await BoundAsync(server, "default", "bookinfo-reviews");
        var ratings = await server.Join.RegisterAsync(Ratings);

        var heartbeat = await Assert.ThrowsAsync<ControlPlaneException>(() => reviewsToken.HeartbeatAsync(ratings.InstanceId));
        var deregister = await Assert.ThrowsAsync<ControlPlaneException>(() => reviewsToken.DeregisterAsync(ratings.InstanceId));

        Assert.Equal(HttpStatusCode.Forbidden, heartbeat.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deregister.StatusCode);
        Assert.Contains("service account ratings", deregister.Message, StringComparison.Ordinal);
        Assert.Contains("bound to namespace default, service account bookinfo-reviews", deregister.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await server.Admin.StatusAsync()).Instances);
    }

    [Fact]
    public async Task HeartbeatAndDeregister_TokensThatMayActOnTheIdentity_Succeed()
    {
        await using var server = await RunningServer.StartAsync();
        var ratingsToken = await BoundAsync(server, "default", "ratings");
        var anyInNamespace = await BoundAsync(server, "default", "*");
        var first = await server.Join.RegisterAsync(Ratings); // registered by the default join token
        var second = await ratingsToken.RegisterAsync(Ratings);
        var third = await server.Join.RegisterAsync(Ratings);

        Assert.True(await ratingsToken.HeartbeatAsync(first.InstanceId));
        Assert.True(await anyInNamespace.HeartbeatAsync(second.InstanceId));
        Assert.True(await server.Join.HeartbeatAsync(second.InstanceId));
        await ratingsToken.DeregisterAsync(first.InstanceId);
        await server.Join.DeregisterAsync(second.InstanceId);
        await server.Admin.DeregisterAsync(third.InstanceId);

        Assert.Equal(0, (await server.Admin.StatusAsync()).Instances);
    }

    [Fact]
    public async Task Deregister_AfterRestart_ScopeStillFollowsTheStoredIdentity()
    {
        using var data = new TempDirectory();
        string id;
        string token;
        await using (var first = await RunningServer.StartAsync(data.Path))
        {
            token = (await first.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = "default", ServiceAccounts = ["bookinfo-reviews"] })).Token;
            id = (await first.Join.RegisterAsync(Ratings)).InstanceId;
        }

        await using var second = await RunningServer.StartAsync(data.Path);
        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => second.NewClient(token).DeregisterAsync(id));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal(1, (await second.Admin.StatusAsync()).Instances);
    }

    private static async Task<ControlPlaneClient> BoundAsync(RunningServer server, string @namespace, string serviceAccount) =>
        server.NewClient((await server.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = @namespace, ServiceAccounts = [serviceAccount] })).Token);
}
