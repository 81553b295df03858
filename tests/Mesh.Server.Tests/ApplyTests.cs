using System.Net;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Testing;

namespace Mesh.Server.Tests;

public class ApplyTests
{
    [Fact]
    public async Task Apply_NewResources_CreatesThemAtOneRevision()
    {
        await using var server = await RunningServer.StartAsync();

        var response = await server.Admin.ApplyAsync(Yaml.Join(Yaml.DestinationRule("reviews", "v1", "v2"), Yaml.VirtualService("reviews", "v1")));

        Assert.Equal(1, response.Revision);
        Assert.All(response.Changes, c => Assert.Equal("created", c.Action));
        Assert.All(response.Changes, c => Assert.Equal("1", c.ResourceVersion));
        var vs = Assert.IsType<VirtualService>(await server.Admin.GetAsync(ResourceKinds.VirtualService, "default", "reviews"));
        Assert.Equal("v1", vs.Spec.Http![0].Route![0].Destination!.Subset);
        Assert.Equal(TimeSpan.FromSeconds(3), vs.Spec.Http[0].Timeout!.Value.Value);
        Assert.Equal(1, vs.Metadata.Generation);
        Assert.NotNull(vs.Metadata.Uid);
    }

    [Fact]
    public async Task Apply_SameContentTwice_IsUnchangedAndKeepsRevision()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Yaml.DestinationRule("reviews", "v1"));

        var again = await server.Admin.ApplyAsync(Yaml.DestinationRule("reviews", "v1"));

        Assert.Equal(1, again.Revision);
        Assert.Equal("unchanged", Assert.Single(again.Changes).Action);
    }

    [Fact]
    public async Task Apply_ChangedSpec_IsConfiguredAndBumpsGenerationKeepingUid()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"));
        var before = await server.Admin.GetAsync(ResourceKinds.VirtualService, "default", "reviews");

        var response = await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v2"));

        Assert.Equal("configured", Assert.Single(response.Changes).Action);
        var after = await server.Admin.GetAsync(ResourceKinds.VirtualService, "default", "reviews");
        Assert.Equal(2, after!.Metadata.Generation);
        Assert.Equal("2", after.Metadata.ResourceVersion);
        Assert.Equal(before!.Metadata.Uid, after.Metadata.Uid);
        Assert.Equal(before.Metadata.CreationTimestamp, after.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task Apply_OneInvalidDocumentOfTwo_AppliesNothingAndReportsEveryError()
    {
        await using var server = await RunningServer.StartAsync();

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() =>
            server.Admin.ApplyAsync(Yaml.Join(Yaml.DestinationRule("reviews", "v1"), Yaml.InvalidVirtualService)));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("nothing was applied", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ex.Diagnostics, d => d.Document == 2 && d.Path == "spec.http[0].route" && d.Message.Contains("sum to 90", StringComparison.Ordinal));
        Assert.Contains(ex.Diagnostics, d => d.Document == 2 && d.Path == "spec.http[0].timeout");
        var (revision, items) = await server.Admin.ListAsync(null, null);
        Assert.Equal(0, revision);
        Assert.Empty(items);
    }

    [Fact]
    public async Task Apply_DryRun_ValidatesButWritesNothing()
    {
        await using var server = await RunningServer.StartAsync();

        var response = await server.Admin.ApplyAsync(Yaml.DestinationRule("reviews", "v1"), dryRun: true);

        Assert.True(response.DryRun);
        Assert.Equal("created", Assert.Single(response.Changes).Action);
        Assert.Null(await server.Admin.GetAsync(ResourceKinds.DestinationRule, "default", "reviews"));
        Assert.Equal(0, (await server.Admin.StatusAsync()).Revision);
    }

    [Fact]
    public async Task Apply_RouteToUndefinedSubset_AppliesWithWarning()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Yaml.DestinationRule("reviews", "v1", "v2"));

        var response = await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v9"));

        Assert.Equal("created", Assert.Single(response.Changes).Action);
        var warning = Assert.Single(response.Warnings);
        Assert.Equal("spec.http[0].route[0].destination.subset", warning.Path);
        Assert.Contains("v9", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndGet_ByKindAndNamespace_ReturnOnlyMatches()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Yaml.Join(
            Yaml.DestinationRule("reviews", "v1"),
            Yaml.DestinationRule("ratings", "v1").Replace("name: ratings", "name: ratings\n  namespace: other", StringComparison.Ordinal),
            Yaml.VirtualService("reviews", "v1")));

        var (_, drsInDefault) = await server.Admin.ListAsync(ResourceKinds.DestinationRule, "default");
        var (_, all) = await server.Admin.ListAsync(null, null);

        Assert.Equal("reviews", Assert.Single(drsInDefault).Metadata.Name);
        Assert.Equal(3, all.Count);
        Assert.NotNull(await server.Admin.GetAsync(ResourceKinds.DestinationRule, "other", "ratings"));
        Assert.Null(await server.Admin.GetAsync(ResourceKinds.DestinationRule, "default", "ratings"));
    }

    [Fact]
    public async Task Delete_ByNameAndByDocument_RemovesAndReportsMissing()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Yaml.Join(Yaml.DestinationRule("reviews", "v1"), Yaml.VirtualService("reviews", "v1")));

        var one = await server.Admin.DeleteAsync(ResourceKinds.VirtualService, "default", "reviews");
        var byDocument = await server.Admin.DeleteAsync(Yaml.Join(Yaml.DestinationRule("reviews", "v1"), Yaml.DestinationRule("ghost", "v1")));

        Assert.Equal("deleted", Assert.Single(one.Changes).Action);
        Assert.Equal(["deleted", "not-found"], byDocument.Changes.Select(c => c.Action));
        Assert.Empty((await server.Admin.ListAsync(null, null)).Items);
        var missing = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Admin.DeleteAsync(ResourceKinds.VirtualService, "default", "reviews"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Apply_ConcurrentWriters_EachGetsItsOwnRevision()
    {
        await using var server = await RunningServer.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => server.Admin.ApplyAsync(Yaml.DestinationRule("svc" + i, "v1"))));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), responses.Select(r => r.Revision).Order());
        Assert.Equal(20, (await server.Admin.ListAsync(ResourceKinds.DestinationRule, null)).Items.Count);
    }

    [Fact]
    public async Task Apply_BodyOverLimit_Is413AndNothingChanges()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.MaxRequestBodyBytes = 1024);

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Admin.ApplyAsync(Yaml.DestinationRule("reviews", "v1") + "\n# " + new string('x', 4096)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, ex.StatusCode);
        Assert.Empty((await server.Admin.ListAsync(null, null)).Items);
    }
}
