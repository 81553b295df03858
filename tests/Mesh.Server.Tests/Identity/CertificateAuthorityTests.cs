using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Policy.Api;
using Mesh.Policy.Identity;
using Mesh.Testing;

namespace Mesh.Server.Tests.Identity;

/// <summary>The CA of a real control server, over real HTTP: root creation, issuance, and what it refuses.</summary>
public class CertificateAuthorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SpiffeId Reviews = new("cluster.local", "bookinfo", "reviews");
    private static readonly SpiffeId Ratings = new("cluster.local", "bookinfo", "ratings");

    [Fact]
    public async Task FirstStart_CreatesOwnerOnlyRoot_AndRestartReusesIt()
    {
        using var data = new TempDirectory();
        string firstBundle;
        await using (var server = await RunningServer.StartAsync(data.Path))
        {
            firstBundle = (await server.Join.GetTrustBundleAsync()).TrustBundle;
        }

        var certificateFile = data.File("ca-cert.pem");
        var keyFile = data.File("ca-key.pem");
        Assert.True(File.Exists(certificateFile) && File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(certificateFile));
        }

        using var root = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        Assert.True(root.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(root.NotAfter.ToUniversalTime() > DateTime.UtcNow.AddYears(9), "the root is long-lived");

        await using (var again = await RunningServer.StartAsync(data.Path))
        {
            var bundle = await again.Join.GetTrustBundleAsync();
            Assert.Equal(firstBundle, bundle.TrustBundle);
            Assert.Equal("cluster.local", bundle.TrustDomain);
        }
    }

    [Fact]
    public async Task Issue_GivesTheIdentityUsagesAndLifetime_AndChainsToTheBundle()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await RunningServer.StartAsync(configure: o =>
        {
            o.TimeProvider = clock;
            o.WorkloadCertificateLifetime = TimeSpan.FromSeconds(90);
        });
        using var key = WorkloadCsr.NewKey();

        var response = await server.Join.IssueCertificateAsync(WorkloadCsr.Create(Reviews, key));

        var (leaf, intermediates, bundle) = TestCa.Parse(response);
        Assert.Equal("spiffe://cluster.local/ns/bookinfo/sa/reviews", response.Identity);
        Assert.Equal(Reviews, UriNames.ReadSpiffeId(leaf));
        Assert.Equal(Now.AddSeconds(90), new DateTimeOffset(leaf.NotAfter.ToUniversalTime()));
        Assert.Equal(Now.AddSeconds(90), response.NotAfter);
        Assert.True(leaf.NotBefore.ToUniversalTime() < Now.UtcDateTime, "NotBefore is a little in the past, for clock skew");
        Assert.Empty(intermediates);
        Assert.Single(bundle);

        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToList();
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku);
        var usage = leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, usage.KeyUsages);
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        using var publicKey = leaf.GetECDsaPublicKey();
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), publicKey!.ExportSubjectPublicKeyInfo());

        using var chain = TestCa.Verify(leaf, intermediates, bundle, Now);
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        using var expired = TestCa.Verify(leaf, intermediates, bundle, Now.AddSeconds(91));
        Assert.False(expired.Build(leaf));
    }

    [Fact]
    public async Task Issue_TwiceForOneIdentity_GivesDistinctRandomSerials()
    {
        await using var server = await RunningServer.StartAsync();
        using var key = WorkloadCsr.NewKey();
        var csr = WorkloadCsr.Create(Reviews, key);

        var first = TestCa.Parse(await server.Join.IssueCertificateAsync(csr)).Leaf;
        var second = TestCa.Parse(await server.Join.IssueCertificateAsync(csr)).Leaf;

        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.True(first.SerialNumberBytes.Length >= 16);
    }

    [Fact]
    public async Task BoundToken_ObtainsItsIdentity_ButNotAnother_WhileTheAdminTokenMay()
    {
        await using var server = await RunningServer.StartAsync();
        var created = await server.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = "bookinfo", ServiceAccounts = ["reviews"] });
        var reviewsToken = server.NewClient(created.Token);
        using var key = WorkloadCsr.NewKey();

        var own = await reviewsToken.IssueCertificateAsync(WorkloadCsr.Create(Reviews, key));
        var refused = await Assert.ThrowsAsync<ControlPlaneException>(() => reviewsToken.IssueCertificateAsync(WorkloadCsr.Create(Ratings, key)));
        var otherNamespace = await Assert.ThrowsAsync<ControlPlaneException>(() => reviewsToken.IssueCertificateAsync(WorkloadCsr.Create(new SpiffeId("cluster.local", "default", "reviews"), key)));
        var byAdmin = await server.Admin.IssueCertificateAsync(WorkloadCsr.Create(Ratings, key));

        Assert.Equal(Reviews.ToString(), own.Identity);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("may not obtain spiffe://cluster.local/ns/bookinfo/sa/ratings", refused.Message, StringComparison.Ordinal);
        Assert.Contains("service account reviews", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherNamespace.StatusCode);
        Assert.Equal(Ratings.ToString(), byAdmin.Identity);

        // A bound token is still a join token: it may watch, but not write.
        await reviewsToken.WatchAsync(0, new WatchFilter(), TimeSpan.Zero);
        var write = await Assert.ThrowsAsync<ControlPlaneException>(() => reviewsToken.ApplyAsync(Yaml.DestinationRule("reviews", "v1")));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task BoundToken_SurvivesRestart_IsStoredAsDigestOnly_AndCanBeRevoked()
    {
        using var data = new TempDirectory();
        JoinTokenResponse created;
        await using (var server = await RunningServer.StartAsync(data.Path))
        {
            created = await server.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = "bookinfo", ServiceAccounts = ["*"] });
        }

        var file = data.File("join-tokens.json");
        Assert.DoesNotContain(created.Token, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        await using var restarted = await RunningServer.StartAsync(data.Path);
        var client = restarted.NewClient(created.Token);
        using var key = WorkloadCsr.NewKey();
        Assert.Equal(Ratings.ToString(), (await client.IssueCertificateAsync(WorkloadCsr.Create(Ratings, key))).Identity);
        Assert.Equal(["*"], Assert.Single(await restarted.Admin.ListJoinTokensAsync()).ServiceAccounts);

        Assert.True(await restarted.Admin.RevokeJoinTokenAsync(created.Info.Id));
        var revoked = await Assert.ThrowsAsync<ControlPlaneException>(() => client.GetTrustBundleAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.False(await restarted.Admin.RevokeJoinTokenAsync(created.Info.Id));
    }

    [Fact]
    public async Task CreateToken_WithJoinToken_Is403_AndBadNames_Are400()
    {
        await using var server = await RunningServer.StartAsync();

        var byJoin = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = "bookinfo", ServiceAccounts = ["reviews"] }));
        var bad = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = "Book_Info", ServiceAccounts = [] }));

        Assert.Equal(HttpStatusCode.Forbidden, byJoin.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("namespace \"Book_Info\"", bad.Message, StringComparison.Ordinal);
        Assert.Contains("at least one service account", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_MalformedCsr_Is400SayingSo()
    {
        await using var server = await RunningServer.StartAsync();

        var notPem = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.IssueCertificateAsync("hello"));
        var garbage = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.IssueCertificateAsync("-----BEGIN CERTIFICATE REQUEST-----\nAAECAwQF\n-----END CERTIFICATE REQUEST-----\n"));

        Assert.Equal(HttpStatusCode.BadRequest, notPem.StatusCode);
        Assert.Contains("no PEM certificate signing request", notPem.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("malformed", garbage.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_CsrWhoseSignatureDoesNotVerify_Is400()
    {
        await using var server = await RunningServer.StartAsync();
        using var key = WorkloadCsr.NewKey();
        var pem = WorkloadCsr.Create(Reviews, key);
        var der = Convert.FromBase64String(pem[PemEncoding.Find(pem).Base64Data]);

        // The signature is the last field of the DER: changing its last byte keeps the structure and breaks the proof.
        der[^1] ^= 0x01;
        var forged = PemEncoding.WriteString("CERTIFICATE REQUEST", der);
        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.IssueCertificateAsync(forged));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("signature does not verify", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_IdentityInAnotherTrustDomain_OrNoSpiffeUri_Is400()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.TrustDomain = "mesh.example");
        using var key = WorkloadCsr.NewKey();
        var noUri = new CertificateRequest("CN=reviews", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        var foreign = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Admin.IssueCertificateAsync(WorkloadCsr.Create(Reviews, key)));
        var missing = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Admin.IssueCertificateAsync(noUri));
        var inDomain = await server.Admin.IssueCertificateAsync(WorkloadCsr.Create(new SpiffeId("mesh.example", "bookinfo", "reviews"), key));

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("trust domain \"cluster.local\"", foreign.Message, StringComparison.Ordinal);
        Assert.Contains("\"mesh.example\" only", foreign.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("exactly one URI subject alternative name", missing.Message, StringComparison.Ordinal);
        Assert.Equal("spiffe://mesh.example/ns/bookinfo/sa/reviews", inDomain.Identity);
    }

    [Fact]
    public async Task Issue_Ed25519Csr_Is400NamingTheAcceptedKeyTypes()
    {
        await using var server = await RunningServer.StartAsync();

        // Made once with `openssl req -new -newkey ed25519 -subj /CN=reviews
        // -addext subjectAltName=URI:spiffe://cluster.local/ns/bookinfo/sa/reviews`: .NET cannot verify its signature.
        const string ed25519 = """
            -----BEGIN CERTIFICATE REQUEST-----
            MIHdMIGQAgEAMBIxEDAOBgNVBAMMB3Jldmlld3MwKjAFBgMrZXADIQD2JETXDyN7
            tz9FsKqWfqBCISPFRy+jk53mUh+Vouk31aBLMEkGCSqGSIb3DQEJDjE8MDowOAYD
            VR0RBDEwL4Ytc3BpZmZlOi8vY2x1c3Rlci5sb2NhbC9ucy9ib29raW5mby9zYS9y
            ZXZpZXdzMAUGAytlcANBAMpYsK967bDucusBSyiN0ikAhKa9+tegJ4mrdeixwgl9
            jXep1RPXV9u5uE+Rw7saqgvFtixFA5jZh9kaWwThuQE=
            -----END CERTIFICATE REQUEST-----
            """;
        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.IssueCertificateAsync(ed25519));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("is not accepted", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ECDSA P-256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_WithoutToken_Is401()
    {
        await using var server = await RunningServer.StartAsync();
        using var key = WorkloadCsr.NewKey();

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => server.Anonymous.IssueCertificateAsync(WorkloadCsr.Create(Reviews, key)));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task GivenIntermediate_ServesItInTheChain_AndTheRootInTheBundle()
    {
        using var files = new TempDirectory();
        var (root, rootKey) = TestCa.Root("Operator root", Now);
        var (intermediate, intermediateKey) = TestCa.Intermediate("Operator mesh intermediate", root, rootKey, Now);
        await File.WriteAllTextAsync(files.File("ca-cert.pem"), intermediate.ExportCertificatePem() + "\n" + root.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(files.File("ca-key.pem"), intermediateKey.ExportPkcs8PrivateKeyPem());
        await using var server = await RunningServer.StartAsync(configure: o =>
        {
            o.TimeProvider = new FakeTimeProvider(Now);
            o.CaCertificateFile = files.File("ca-cert.pem");
            o.CaKeyFile = files.File("ca-key.pem");
        });
        using var key = WorkloadCsr.NewKey();

        var (leaf, intermediates, bundle) = TestCa.Parse(await server.Join.IssueCertificateAsync(WorkloadCsr.Create(Reviews, key)));

        Assert.Equal(intermediate.Thumbprint, Assert.Single(intermediates).Thumbprint);
        Assert.Equal(root.Thumbprint, Assert.Single(bundle).Thumbprint);
        using var chain = TestCa.Verify(leaf, intermediates, bundle, Now);
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(3, chain.ChainElements.Count);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "ca-key.pem")), "no root is created when a CA is given");
    }

    [Fact]
    public async Task ExtraRoots_JoinTheBundle_AndChangeTheVersionTheWatchReports()
    {
        using var files = new TempDirectory();
        using var data = new TempDirectory();
        string before;
        await using (var server = await RunningServer.StartAsync(data.Path))
        {
            before = (await server.Join.WatchAsync(0, new WatchFilter(), TimeSpan.Zero)).TrustBundleVersion!;
            Assert.Equal((await server.Join.GetTrustBundleAsync()).Version, before);
        }

        var (next, _) = TestCa.Root("Next root", DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(files.File("next-root.pem"), next.ExportCertificatePem());
        await using var rotated = await RunningServer.StartAsync(data.Path, o => o.TrustBundleFile = files.File("next-root.pem"));

        var bundle = await rotated.Join.GetTrustBundleAsync();
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(bundle.TrustBundle);
        var watch = await rotated.Join.WatchAsync(0, new WatchFilter(), TimeSpan.Zero);

        Assert.Equal(2, roots.Count);
        Assert.Contains(roots, r => r.Thumbprint == next.Thumbprint);
        Assert.NotEqual(before, bundle.Version);
        Assert.Equal(bundle.Version, watch.TrustBundleVersion);
    }

    [Fact]
    public async Task IntermediateWithoutItsRoot_StopsTheServerWithAMessage()
    {
        using var files = new TempDirectory();
        var (root, rootKey) = TestCa.Root("Operator root", Now);
        var (intermediate, intermediateKey) = TestCa.Intermediate("Operator mesh intermediate", root, rootKey, Now);
        await File.WriteAllTextAsync(files.File("ca-cert.pem"), intermediate.ExportCertificatePem());
        await File.WriteAllTextAsync(files.File("ca-key.pem"), intermediateKey.ExportPkcs8PrivateKeyPem());

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => RunningServer.StartAsync(configure: o =>
        {
            o.TimeProvider = new FakeTimeProvider(Now);
            o.CaCertificateFile = files.File("ca-cert.pem");
            o.CaKeyFile = files.File("ca-key.pem");
        }));

        Assert.Contains("does not chain to a trusted root", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--trust-bundle", ex.Message, StringComparison.Ordinal);
    }
}
