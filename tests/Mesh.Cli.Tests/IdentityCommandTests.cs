using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Mesh.Cli.Tests.Infrastructure;
using Mesh.Policy.Api;
using Mesh.Policy.Identity;
using Mesh.Testing;

namespace Mesh.Cli.Tests;

/// <summary><c>meshctl identity issue</c> and <c>meshctl token</c> against the real control server.</summary>
public class IdentityCommandTests
{
    [Fact]
    public async Task IdentityIssue_WritesCertificateKeyAndBundle_ThatCompleteAMutualTlsHandshake()
    {
        await using var server = await RunningServer.StartAsync();
        using var work = new TempDirectory();
        var cli = Cli(server, server.Server.AdminToken, work.Path);

        var reviews = await cli.RunAsync("identity", "issue", "-n", "bookinfo", "--service-account", "reviews", "--out", "reviews");
        var ratings = await cli.RunAsync("identity", "issue", "--namespace", "bookinfo", "--service-account", "ratings", "--out", Path.Combine(work.Path, "ratings"));

        Assert.True(reviews.ExitCode == 0, reviews.ToString());
        Assert.True(ratings.ExitCode == 0, ratings.ToString());
        Assert.Contains("issued spiffe://cluster.local/ns/bookinfo/sa/reviews", reviews.Out, StringComparison.Ordinal);
        var key = Path.Combine(work.Path, "reviews", "key.pem");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        using var reviewsCertificate = X509Certificate2.CreateFromPemFile(Path.Combine(work.Path, "reviews", "cert.pem"), key);
        using var ratingsCertificate = X509Certificate2.CreateFromPemFile(Path.Combine(work.Path, "ratings", "cert.pem"), Path.Combine(work.Path, "ratings", "key.pem"));
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(Path.Combine(work.Path, "reviews", "ca.pem"));
        Assert.Equal(new SpiffeId("cluster.local", "bookinfo", "reviews"), UriNames.ReadSpiffeId(reviewsCertificate));

        var (serverSaw, clientSaw) = await HandshakeAsync(ratingsCertificate, reviewsCertificate, bundle);
        Assert.Equal("spiffe://cluster.local/ns/bookinfo/sa/reviews", serverSaw);
        Assert.Equal("spiffe://cluster.local/ns/bookinfo/sa/ratings", clientSaw);
    }

    [Fact]
    public async Task TokenCreate_GivesABoundToken_ThatObtainsOnlyItsIdentity()
    {
        await using var server = await RunningServer.StartAsync();
        using var work = new TempDirectory();
        var admin = Cli(server, server.Server.AdminToken, work.Path);

        var created = await admin.RunAsync("token", "create", "-n", "bookinfo", "--service-account", "reviews");
        var token = created.Out.Trim();
        var bound = Cli(server, token, work.Path);
        var own = await bound.RunAsync("identity", "issue", "-n", "bookinfo", "--service-account", "reviews", "--out", "own");
        var other = await bound.RunAsync("identity", "issue", "-n", "bookinfo", "--service-account", "ratings", "--out", "other");
        var list = await admin.RunAsync("token", "list");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Single(created.OutLines);
        Assert.Contains("shown only now", created.Error, StringComparison.Ordinal);
        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("may not obtain spiffe://cluster.local/ns/bookinfo/sa/ratings", other.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(work.Path, "other", "key.pem")), "nothing is written when the CA refuses");
        Assert.Contains(list.OutLines, l => l.Contains("bookinfo", StringComparison.Ordinal) && l.Contains("reviews", StringComparison.Ordinal));
        Assert.DoesNotContain(token, list.Out, StringComparison.Ordinal);

        var id = list.OutLines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var revoked = await admin.RunAsync("token", "revoke", id);
        var after = await bound.RunAsync("identity", "issue", "-n", "bookinfo", "--service-account", "reviews", "--out", "again");
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("refused the token", after.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityIssue_WithoutServiceAccount_IsAUsageError()
    {
        var result = await CliRun.Run("identity", "issue", "--out", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--service-account", result.Error, StringComparison.Ordinal);
    }

    private static CliRun Cli(RunningServer server, string token, string workingDirectory) => new()
    {
        WorkingDirectory = workingDirectory,
        Environment =
        {
            ["MESH_SERVER"] = server.Address.ToString(),
            ["MESH_TOKEN"] = token,
        },
    };

    // A real mutual-TLS handshake over loopback where each side trusts only the mesh bundle; returns the identity
    // each side saw in the other's certificate.
    private static async Task<(string? ServerSaw, string? ClientSaw)> HandshakeAsync(X509Certificate2 serverCertificate, X509Certificate2 clientCertificate, X509Certificate2Collection bundle)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = listener.AcceptTcpClientAsync();
        using var tcpClient = new TcpClient();
        await tcpClient.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var tcpServer = await accept;

        var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        trust.CustomTrustStore.AddRange(bundle);
        await using var serverStream = new SslStream(tcpServer.GetStream());
        await using var clientStream = new SslStream(tcpClient.GetStream());
        var serverSide = serverStream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateRequired = true,
            CertificateChainPolicy = trust,
            RemoteCertificateValidationCallback = static (_, _, _, errors) => errors == SslPolicyErrors.None,
        });
        var clientSide = clientStream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "ratings.bookinfo",
            ClientCertificates = [clientCertificate],
            CertificateChainPolicy = trust.Clone(),

            // Mesh peers are named by their SPIFFE URI, not a DNS name: only a name mismatch is tolerated here.
            RemoteCertificateValidationCallback = static (_, _, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None,
        });
        await Task.WhenAll(serverSide, clientSide).WaitAsync(TimeSpan.FromSeconds(30));

        return (
            UriNames.ReadSpiffeId(new X509Certificate2(serverStream.RemoteCertificate!))?.ToString(),
            UriNames.ReadSpiffeId(new X509Certificate2(clientStream.RemoteCertificate!))?.ToString());
    }
}
