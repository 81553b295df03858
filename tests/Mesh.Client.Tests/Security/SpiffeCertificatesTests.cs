using Mesh.Client.Identity;
using Mesh.Client.Security;
using Mesh.Policy.Identity;
using Mesh.Testing;

namespace Mesh.Client.Tests.Security;

public class SpiffeCertificatesTests
{
    [Fact]
    public void TryGetSpiffeId_WorkloadCertificate_ReadsTheUriSan()
    {
        using var ca = TestCertificateAuthority.Create(trustDomain: "example.org");
        var issued = ca.Issue("bookinfo", "reviews");

        Assert.True(SpiffeCertificates.TryGetSpiffeId(issued.Certificate, out var id));
        Assert.Equal(new SpiffeId("example.org", "bookinfo", "reviews"), id);
        Assert.Equal("example.org/ns/bookinfo/sa/reviews", id.Principal);
    }

    [Fact]
    public void TryGetSpiffeId_CertificateWithDnsNamesOnly_HasNoIdentity()
    {
        using var ca = TestCertificateAuthority.Create();
        using var server = ca.IssueServer("api.example.com");

        Assert.False(SpiffeCertificates.TryGetSpiffeId(server, out _));
        Assert.True(SpiffeCertificates.HasSubjectAltName(server, "API.example.com"));
        Assert.False(SpiffeCertificates.HasSubjectAltName(server, "other.example.com"));
    }

    [Fact]
    public void TryGetSpiffeId_NoCertificate_False() =>
        Assert.False(SpiffeCertificates.TryGetSpiffeId(null, out _));

    [Fact]
    public void WorkloadTls_PreparesMaterialOncePerCertificate_AndFollowsRenewal()
    {
        using var ca = TestCertificateAuthority.Create(withIntermediate: true);
        var identity = new WorkloadIdentity();
        var tls = new WorkloadTls(identity);
        var first = ca.Issue("default", "reviews");
        var renewed = ca.Issue("default", "reviews");

        var none = tls.Current;
        identity.Publish(first);
        var a = tls.Current;
        var b = tls.Current;
        identity.Publish(renewed);
        var c = tls.Current;

        Assert.Null(none);
        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.Same(renewed, c!.Certificate);
        Assert.Equal("cluster.local/ns/default/sa/reviews", c.Principal);
    }
}
