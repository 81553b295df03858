using System.Net;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.Server.Tests.Registry;

/// <summary>A registration is checked as the WorkloadEntry it becomes, so that no join token can store what clients cannot read.</summary>
public class RegistrationValidationTests
{
    [Fact]
    public async Task Register_LabelKeyWithSpace_Is400NamingTheLabelAndStoresNothing()
    {
        await using var server = await RunningServer.StartAsync();

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.RegisterAsync(Registrations.Reviews("v1", 9080) with
        {
            Labels = new Dictionary<string, string> { ["a b"] = "x" },
        }));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("labels.a b: invalid label key", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["labels.a b"], ex.Diagnostics.Select(d => d.Path));
        Assert.Empty((await server.Join.ListAsync(ResourceKinds.WorkloadEntry, null)).Items);
    }

    [Theory]
    [InlineData("999.1.1.1")] // not an IP, and not a host name either (a numeric top-level label)
    [InlineData("1")] // IPAddress.TryParse would take it for 0.0.0.1
    [InlineData("reviews host")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("169.254.169.254")]
    [InlineData("fe80::1")]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("255.255.255.255")]
    [InlineData("::ffff:169.254.169.254")]
    public async Task Register_AddressNoCallerCanUse_Is400NamingAddress(string address)
    {
        await using var server = await RunningServer.StartAsync();

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.RegisterAsync(Registrations.Reviews("v1", 9080) with { Address = address }));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(["address"], ex.Diagnostics.Select(d => d.Path));
        Assert.Contains(address, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")] // tests and samples run on loopback
    [InlineData("::1")]
    [InlineData("10.0.0.7")]
    [InlineData("fd00::7")]
    [InlineData("reviews-1.internal")]
    public async Task Register_UsableAddress_IsAccepted(string address)
    {
        await using var server = await RunningServer.StartAsync();

        await server.Join.RegisterAsync(Registrations.Reviews("v1", 9080) with { Address = address });

        var entry = Assert.Single((await server.Join.ListAsync(ResourceKinds.WorkloadEntry, null)).Items);
        Assert.Equal(address, ((Mesh.Policy.Resources.Networking.WorkloadEntry)entry).Spec.Address);
    }

    [Fact]
    public async Task Register_SeveralBadFields_ReportsEveryOneByName()
    {
        await using var server = await RunningServer.StartAsync();

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.RegisterAsync(Registrations.Reviews("v 1", 9080) with
        {
            Labels = new Dictionary<string, string> { ["team"] = "-bad-" },
            Ports = new Dictionary<string, int> { ["HTTP_1"] = 9080, ["admin"] = 70000 },
            Locality = "region/zone/subzone/extra",
            Address = "0.0.0.0",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(
            ["address", "labels.team", "locality", "ports.HTTP_1", "ports.admin", "version"],
            ex.Diagnostics.Select(d => d.Path).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Register_MoreLabelsOrPortsThanTheBound_Is400()
    {
        await using var server = await RunningServer.StartAsync();
        var labels = Enumerable.Range(0, 65).ToDictionary(i => "l" + i, i => "v");
        var ports = Enumerable.Range(0, 17).ToDictionary(i => "p" + i, i => 9000 + i);

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.RegisterAsync(Registrations.Reviews("v1", 9080) with { Labels = labels, Ports = ports }));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(["labels", "ports"], ex.Diagnostics.Select(d => d.Path).Order(StringComparer.Ordinal));
        Assert.Contains("at most 64", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at most 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_LabelsWithinKubernetesLimits_AreAccepted()
    {
        await using var server = await RunningServer.StartAsync();
        // Keys at Kubernetes' limits: a 194-character DNS prefix and a 63-character name; values of 63.
        var prefix = string.Join('.', new string('a', 60), new string('b', 60), new string('c', 60)) + ".example.com";
        var labels = Enumerable.Range(0, 64).ToDictionary(i => $"{prefix}/{new string('k', 60)}{i:D3}", _ => new string('v', 63));

        await server.Join.RegisterAsync(Registrations.Reviews("v1", 9080) with { Labels = labels, Locality = "eu-west-1/eu-west-1a/rack-7" });

        Assert.Single((await server.Join.ListAsync(ResourceKinds.WorkloadEntry, null)).Items);
    }
}
