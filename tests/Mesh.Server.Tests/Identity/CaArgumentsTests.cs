using Mesh.Server.Hosting;

namespace Mesh.Server.Tests.Identity;

public class CaArgumentsTests
{
    [Fact]
    public void Parse_CaOptions_FromArgumentsOverTheEnvironment()
    {
        var environment = new Dictionary<string, string> { ["MESH_TRUST_DOMAIN"] = "from-env.example", ["MESH_CA_KEY"] = "env-key.pem" };

        var options = MeshServerArguments.Parse(
            ["--ca-cert", "ca.pem", "--trust-domain=mesh.example", "--cert-lifetime", "90s", "--trust-bundle", "roots.pem"],
            name => environment.GetValueOrDefault(name),
            out var error);

        Assert.Null(error);
        Assert.Equal("ca.pem", options!.CaCertificateFile);
        Assert.Equal("env-key.pem", options.CaKeyFile);
        Assert.Equal("roots.pem", options.TrustBundleFile);
        Assert.Equal("mesh.example", options.TrustDomain);
        Assert.Equal(TimeSpan.FromSeconds(90), options.WorkloadCertificateLifetime);
    }

    [Fact]
    public void Parse_Defaults_AreClusterLocalAnd24Hours()
    {
        var options = MeshServerArguments.Parse([], _ => null, out _)!;

        Assert.Equal("cluster.local", options.TrustDomain);
        Assert.Equal(TimeSpan.FromHours(24), options.WorkloadCertificateLifetime);
        Assert.Null(options.CaCertificateFile);
    }

    [Fact]
    public void Parse_LifetimeUnderASecond_IsAnError()
    {
        Assert.Null(MeshServerArguments.Parse(["--cert-lifetime", "500ms"], _ => null, out var error));
        Assert.Contains("--cert-lifetime", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CaCertWithoutKey_OrBadTrustDomain_StopsWithAMessage()
    {
        var onlyCert = await Assert.ThrowsAsync<InvalidDataException>(() => Testing.RunningServer.StartAsync(configure: o => o.CaCertificateFile = "ca.pem"));
        var badDomain = await Assert.ThrowsAsync<InvalidDataException>(() => Testing.RunningServer.StartAsync(configure: o => o.TrustDomain = "Cluster Local"));

        Assert.Contains("--ca-cert and --ca-key go together", onlyCert.Message, StringComparison.Ordinal);
        Assert.Contains("trust domain \"Cluster Local\" is not valid", badDomain.Message, StringComparison.Ordinal);
    }
}
