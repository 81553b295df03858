using System.Net;
using Mesh.Client.Security;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Testing;
using static Mesh.Client.Tests.Integration.Security.SecureMesh;

namespace Mesh.Client.Tests.Integration.Security;

/// <summary>Auto-mTLS with the real control server: registered instances say whether they serve mTLS.</summary>
public class RegisteredMtlsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Registration_IdentityArrivesLater_InstanceReRegistersAsMtlsCapable_CallersSwitchToMtls()
    {
        await using var server = await RunningServer.StartAsync();
        using var ca = TestCertificateAuthority.Create();
        // Identities come from a test CA, published by hand, so that the backend's arrives after it registered
        // (the server's own CA would give it one at start).
        await using var backend = await Backend.StartAsync("reviews", "v1", server, static o => o.RequestCertificate = false);
        await using var client = await MeshedClient.StartAsync(server, static o => o.RequestCertificate = false);
        Publish(client, ca.Issue("default", "caller"));
        var before = await Eventually.ValueAsync(() => EntriesAsync(server), entries => entries.Count == 1, Patience, "the backend never registered");

        // The server has the entry; the client must have it too before it calls, or reviews is no mesh host yet
        // (the request then passes through to DNS: "Name or service not known", seen once on a loaded machine).
        await client.CatchUpAsync(server);
        using var plaintext = await client.Http.GetAsync(new Uri("http://reviews:9080/"));

        backend.PublishIdentity(ca.Issue("default", "reviews"));
        var after = await Eventually.ValueAsync(() => EntriesAsync(server), entries => entries.Count == 1 && IsMtlsCapable(entries[0]), Patience, "the backend never re-registered with the tlsMode label");
        await client.CatchUpAsync(server);
        using var mtls = await client.Http.GetAsync(new Uri("http://reviews:9080/"));

        Assert.False(IsMtlsCapable(before[0]));
        Assert.Equal(HttpStatusCode.OK, plaintext.StatusCode);
        Assert.Null(Header(plaintext, "x-peer-principal"));
        Assert.Equal("reviews", after[0].Spec.ServiceAccount);
        Assert.Equal(HttpStatusCode.OK, mtls.StatusCode);
        Assert.Equal(CallerPrincipal, Header(mtls, "x-peer-principal"));
    }

    private static bool IsMtlsCapable(WorkloadEntry entry) =>
        entry.Spec.Labels?.GetValueOrDefault(OutboundTlsResolver.TlsModeLabel) == OutboundTlsResolver.TlsModeIstio;

    private static async Task<List<WorkloadEntry>> EntriesAsync(RunningServer server)
    {
        var (_, items) = await server.Admin.ListAsync(ResourceKinds.WorkloadEntry, null);
        return items.OfType<WorkloadEntry>().ToList();
    }
}
