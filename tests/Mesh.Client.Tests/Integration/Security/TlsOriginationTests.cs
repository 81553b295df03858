using System.Net;
using Mesh.Testing;

namespace Mesh.Client.Tests.Integration.Security;

/// <summary>
/// DestinationRule SIMPLE and MUTUAL: the application calls <c>http://secure.example.com/</c> and the mesh
/// originates TLS to the external host (a local Kestrel with a test CA's certificate), as Istio's egress TLS
/// origination task does.
/// </summary>
public class TlsOriginationTests
{
    private const string Host = "secure.example.com";

    [Fact]
    public async Task Simple_WithCaCertificates_OriginatesTlsKeepingTheHost()
    {
        await using var bed = await Bed.StartAsync(mutual: false);

        var body = await bed.Call(Tls("SIMPLE", $"caCertificates: {bed.CaFile}"));

        Assert.Equal($"https {Host} ", body);
    }

    [Fact]
    public async Task Simple_WithoutCaCertificates_SystemRootsRefuseTheTestCa()
    {
        await using var bed = await Bed.StartAsync(mutual: false);

        var status = await bed.Status(Tls("SIMPLE", null));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(0, bed.Server.Requests);
    }

    [Fact]
    public async Task Simple_SubjectAltNamesNotOnTheCertificate_Refused_OnIt_Accepted()
    {
        await using var bed = await Bed.StartAsync(mutual: false);

        var wrong = await bed.Status(Tls("SIMPLE", $"caCertificates: {bed.CaFile}\n      sni: other.example.com\n      subjectAltNames: [other.example.com]"));
        var right = await bed.Status(Tls("SIMPLE", $"caCertificates: {bed.CaFile}\n      sni: other.example.com\n      subjectAltNames: [{Host}]"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, wrong);
        Assert.Equal(HttpStatusCode.OK, right);
    }

    [Fact]
    public async Task Mutual_PresentsTheClientCertificateFromFiles()
    {
        await using var bed = await Bed.StartAsync(mutual: true);

        var body = await bed.Call(Tls("MUTUAL", $"caCertificates: {bed.CaFile}\n      clientCertificate: {bed.ClientCertificateFile}\n      privateKey: {bed.ClientKeyFile}"));

        Assert.Equal($"https {Host} O=mesh-test", body);
    }

    [Fact]
    public async Task Mutual_UnreadableKeyFile_503()
    {
        await using var bed = await Bed.StartAsync(mutual: true);

        var status = await bed.Status(Tls("MUTUAL", $"caCertificates: {bed.CaFile}\n      clientCertificate: {bed.ClientCertificateFile}\n      privateKey: {bed.CaFile}.missing"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(0, bed.Server.Requests);
    }

    private static string Tls(string mode, string? fields) => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: secure
        spec:
          host: {Host}
          trafficPolicy:
            tls:
              mode: {mode}
              {fields ?? ""}
        """;

    private sealed class Bed : IAsyncDisposable
    {
        private Bed(TestCertificateAuthority ca, HttpsServer server, TempDirectory files)
        {
            Ca = ca;
            Server = server;
            Files = files;
        }

        public TestCertificateAuthority Ca { get; }

        public HttpsServer Server { get; }

        public TempDirectory Files { get; }

        public string CaFile => Files.File("ca.pem");

        public string ClientCertificateFile => Files.File("client.pem");

        public string ClientKeyFile => Files.File("client-key.pem");

        public static async Task<Bed> StartAsync(bool mutual)
        {
            var ca = TestCertificateAuthority.Create("Egress Test Root");
            var server = await HttpsServer.StartAsync(ca.IssueServer(Host), mutual ? ca.Bundle() : null);
            var files = new TempDirectory();
            await File.WriteAllTextAsync(files.File("ca.pem"), ca.RootPem());
            var (certificate, key) = TestCertificateAuthority.ToPem(ca.Issue("default", "egress").Certificate);
            await File.WriteAllTextAsync(files.File("client.pem"), certificate);
            await File.WriteAllTextAsync(files.File("client-key.pem"), key);
            return new Bed(ca, server, files);
        }

        public async Task<string> Call(string destinationRule)
        {
            await using var client = await Client(destinationRule);
            using var response = await client.Http.GetAsync(new Uri($"http://{Host}/"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {SecureMesh.Header(response, "x-mesh-reason")}");
            return body;
        }

        public async Task<HttpStatusCode> Status(string destinationRule)
        {
            await using var client = await Client(destinationRule);
            using var response = await client.Http.GetAsync(new Uri($"http://{Host}/"));
            return response.StatusCode;
        }

        private async Task<MeshedClient> Client(string destinationRule)
        {
            var policy = Files.File("policy-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(policy);
            await File.WriteAllTextAsync(Path.Combine(policy, "policy.yaml"), $"""
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: secure
                spec:
                  hosts: [{Host}]
                  location: MESH_EXTERNAL
                  resolution: STATIC
                  ports:
                  - number: 80
                    name: http
                    protocol: HTTP
                  endpoints:
                  - address: 127.0.0.1
                    ports:
                      http: {Server.Port}
                ---
                {destinationRule}
                """);
            return await MeshedClient.StartAsync(o => o.PolicyFiles.Add(policy));
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Ca.Dispose();
            Files.Dispose();
        }
    }
}
