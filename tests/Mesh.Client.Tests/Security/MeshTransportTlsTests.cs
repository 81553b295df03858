using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Security;

namespace Mesh.Client.Tests.Security;

public class MeshTransportTlsTests
{
    private static readonly EndpointState Endpoint = new("127.0.0.1", 9080, new Dictionary<string, string> { ["app"] = "reviews" }, "reviews", @namespace: "default");
    private static readonly OutboundTls Mtls = new() { Mode = OutboundTlsMode.MeshAuto, Sni = "reviews.default.svc.cluster.local", ExpectedNamespace = "default", ExpectedServiceAccount = "reviews" };

    [Fact]
    public void For_SameEndpointDifferentTls_SeparatePools()
    {
        using var transport = new MeshTransport();

        var plain = transport.For(Endpoint, null, OutboundTls.Plaintext).Invoker;
        var mtls = transport.For(Endpoint, null, Mtls).Invoker;
        var again = transport.For(Endpoint, null, Mtls with { }).Invoker;

        Assert.NotSame(plain, mtls);
        Assert.Same(mtls, again);
    }

    [Fact]
    public void RetainRequested_TlsOfAnEndpointChanged_RetiresTheOldPool()
    {
        using var transport = new MeshTransport();
        transport.For(Endpoint, null, OutboundTls.Plaintext);
        transport.RetainRequested();

        transport.For(Endpoint, null, Mtls);
        transport.RetainRequested();

        Assert.Equal(1, transport.PoolCount);
    }
}
