using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Client;
using Mesh.Client.Identity;
using Mesh.Policy.Api;
using Mesh.Policy.Identity;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Client.Tests.Integration.Identity;

/// <summary>The client's identity agent against a real control server's CA.</summary>
public class IdentityAgentTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_ObtainsACertificateForItsServiceAccount_ThatChainsToTheBundle()
    {
        await using var server = await RunningServer.StartAsync();
        await using var client = await MeshedClient.StartAsync(server, o =>
        {
            o.ServiceName = "reviews";
            o.Namespace = "bookinfo";
            o.ServiceAccount = "bookinfo-reviews";
        });

        // Start-up waited for the first attempt, so the identity is there before the service serves.
        var current = Runtime(client).Identity.Current;

        Assert.NotNull(current);
        Assert.Equal(new SpiffeId("cluster.local", "bookinfo", "bookinfo-reviews"), current.Identity);
        Assert.Equal(current.Identity, UriNames.ReadSpiffeId(current.Certificate));
        Assert.True(current.Certificate.HasPrivateKey);
        Assert.NotNull(current.Certificate.GetECDsaPrivateKey());
        Assert.Empty(current.Intermediates);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(current.TrustBundle);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(current.Certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public async Task Renewal_AtAboutHalfLife_PublishesANewCertificateBeforeTheOldExpires()
    {
        // One fake clock for the server (certificate validity) and the client (renewal timer).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await RunningServer.StartAsync(configure: o => o.TimeProvider = clock);
        await using var client = await MeshedClient.StartAsync(server, o => o.ServiceName = "ratings", services: s => s.AddSingleton<TimeProvider>(clock));
        var identity = Runtime(client).Identity;
        var first = identity.Current!;
        var start = clock.GetUtcNow();
        Assert.Equal(start.AddHours(24), first.NotAfter);

        var renewed = new TaskCompletionSource<(WorkloadCertificate Certificate, DateTimeOffset At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        identity.Changed += c => renewed.TrySetResult((c!, clock.GetUtcNow()));

        // Well before half-life nothing happens.
        clock.Advance(TimeSpan.FromHours(10));
        await Task.Delay(200);
        Assert.False(renewed.Task.IsCompleted, "renewed before 45 % of the lifetime");

        // Step past the latest renewal point (55 %); then the renewal must come without further time passing.
        var step = TimeSpan.FromMinutes(10);
        while (clock.GetUtcNow() < start + TimeSpan.FromHours(13.2) + (2 * step) && !renewed.Task.IsCompleted)
        {
            clock.Advance(step);
            await Task.WhenAny(renewed.Task, Task.Delay(20));
        }

        var (second, at) = await renewed.Task.WaitAsync(Guard);
        Assert.NotEqual(first.Certificate.SerialNumber, second.Certificate.SerialNumber);
        Assert.Equal(first.Identity, second.Identity);
        Assert.True(at >= start + TimeSpan.FromHours(10.8), $"renewed at {at - start} into the lifetime");
        Assert.True(at < first.NotAfter, "the new certificate is published before the old one expires");
        Assert.True(second.NotAfter > first.NotAfter);
        Assert.Same(second, identity.Current);

        // A new key with every certificate.
        using var firstKey = first.Certificate.GetECDsaPublicKey()!;
        using var secondKey = second.Certificate.GetECDsaPublicKey()!;
        Assert.NotEqual(firstKey.ExportSubjectPublicKeyInfo(), secondKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Renewal_WhileTheServerIsDown_KeepsTheCertificate_AndRetriesUntilItIsBack()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        using var data = new TempDirectory();
        var first = await RunningServer.StartAsync(data.Path, o => o.TimeProvider = clock);
        var address = first.Address.ToString();
        await using var client = await MeshedClient.StartAsync(first, o => o.ServiceName = "ratings", services: s => s.AddSingleton<TimeProvider>(clock));
        var identity = Runtime(client).Identity;
        var held = identity.Current!;
        var renewed = new TaskCompletionSource<WorkloadCertificate>(TaskCreationOptions.RunContinuationsAsynchronously);
        identity.Changed += c => renewed.TrySetResult(c!);
        await first.DisposeAsync();

        // Past the latest renewal point with no server: the attempt fails and the certificate in force stays.
        clock.Advance(TimeSpan.FromHours(14));
        await Task.Delay(500);
        Assert.Same(held, identity.Current);
        Assert.False(renewed.Task.IsCompleted);

        // The server comes back where it was; the next retry (back-off of at most 30 s) renews.
        await using var second = await RunningServer.StartAsync(data.Path, o =>
        {
            o.Listen = address;
            o.TimeProvider = clock;
        });
        var deadline = clock.GetUtcNow() + TimeSpan.FromMinutes(5);
        while (!renewed.Task.IsCompleted && clock.GetUtcNow() < deadline)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(renewed.Task, Task.Delay(20));
        }

        var next = await renewed.Task.WaitAsync(Guard);
        Assert.NotEqual(held.Certificate.SerialNumber, next.Certificate.SerialNumber);
        Assert.True(clock.GetUtcNow() < held.NotAfter, "renewed before the held certificate expired");
    }

    [Fact]
    public async Task Renewal_WithALifetimeOfSeconds_KeepsACurrentCertificate()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.WorkloadCertificateLifetime = TimeSpan.FromSeconds(6));
        await using var client = await MeshedClient.StartAsync(server, o => o.ServiceName = "details");
        var identity = Runtime(client).Identity;
        var first = identity.Current!;
        var published = new List<WorkloadCertificate>();
        var twoMore = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        identity.Changed += c =>
        {
            lock (published)
            {
                published.Add(c!);
                if (published.Count == 2)
                {
                    twoMore.TrySetResult();
                }
            }
        };

        await twoMore.Task.WaitAsync(Guard);

        lock (published)
        {
            Assert.NotEqual(first.Certificate.SerialNumber, published[0].Certificate.SerialNumber);
            Assert.True(published[0].NotAfter >= first.NotAfter);
            Assert.True(published[1].NotAfter >= published[0].NotAfter);
        }
    }

    [Fact]
    public async Task TokenBoundToAnotherIdentity_GetsNoCertificate_AndStartsAnyway()
    {
        await using var server = await RunningServer.StartAsync();
        var token = await server.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = "default", ServiceAccounts = ["reviews"] });
        await using var client = await MeshedClient.StartAsync(server, o =>
        {
            o.ServiceName = "ratings";
            o.JoinToken = token.Token;
        }).WaitAsync(Guard);

        Assert.Null(Runtime(client).Identity.Current);
        Assert.True(client.Services.GetRequiredService<IdentityAgent>().FirstAttempt.IsCompleted);
    }

    [Fact]
    public async Task TokenBoundToItsIdentity_GetsItsCertificate()
    {
        await using var server = await RunningServer.StartAsync();
        var token = await server.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = "default", ServiceAccounts = ["reviews"] });
        await using var client = await MeshedClient.StartAsync(server, o =>
        {
            o.ServiceName = "reviews";
            o.JoinToken = token.Token;
        });

        Assert.Equal("spiffe://cluster.local/ns/default/sa/reviews", Runtime(client).Identity.Current?.Identity.ToString());
    }

    [Fact]
    public async Task RequestCertificateOff_GetsNoCertificate()
    {
        await using var server = await RunningServer.StartAsync();
        await using var client = await MeshedClient.StartAsync(server, o => o.RequestCertificate = false);

        Assert.Null(Runtime(client).Identity.Current);
    }

    [Fact]
    public async Task NewTrustBundle_ReachesTheClientThroughTheWatch_WithANewCertificate()
    {
        using var data = new TempDirectory();
        var first = await RunningServer.StartAsync(data.Path);
        var address = first.Address.ToString();
        await using var client = await MeshedClient.StartAsync(first, o => o.ServiceName = "productpage");
        var identity = Runtime(client).Identity;
        Assert.Single(identity.Current!.TrustBundle);
        var rotated = new TaskCompletionSource<WorkloadCertificate>(TaskCreationOptions.RunContinuationsAsynchronously);
        identity.Changed += c =>
        {
            if (c!.TrustBundle.Count == 2)
            {
                rotated.TrySetResult(c);
            }
        };
        await first.DisposeAsync();

        // The operator adds the next root and restarts the server where it was.
        using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Next root", next, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var nextRoot = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllTextAsync(data.File("next-root.pem"), nextRoot.ExportCertificatePem());
        await using var second = await RunningServer.StartAsync(data.Path, o =>
        {
            o.Listen = address;
            o.TrustBundleFile = data.File("next-root.pem");
        });

        var certificate = await rotated.Task.WaitAsync(Guard);

        Assert.Contains(certificate.TrustBundle.Cast<X509Certificate2>(), r => r.Thumbprint == nextRoot.Thumbprint);
        Assert.Same(certificate, identity.Current);
    }

    private static MeshRuntime Runtime(MeshedClient client) => client.Services.GetRequiredService<MeshRuntime>();
}
