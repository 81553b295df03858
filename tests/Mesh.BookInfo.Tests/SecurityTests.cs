using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mesh.BookInfo.Tests.Infrastructure;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests;

/// <summary>
/// Istio's security tasks on BookInfo, with every service holding a certificate from the embedded control server's
/// CA: the authorization task's files applied in order (authz-http), a certificate that meshctl issued for another
/// service account refused where the policy says so, and the mTLS migration's STRICT lock-down refusing plaintext
/// while mesh traffic carries on.
/// </summary>
[Collection(BookInfoCollection.Name)]
public sealed class SecurityTests(BookInfoCluster bookInfo)
{
    private const string DetailsUnavailable = "Sorry, product details are currently unavailable for this book.";
    private const string ReviewsUnavailable = "Sorry, product reviews are currently unavailable for this book.";
    private const string RatingsUnavailable = "Ratings service is currently unavailable";
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(30);

    // Probes reach BookInfo's real processes (a page load fans out to details, reviews and ratings): a pace that leaves them room.
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task AuthzHttpTask_FilesAppliedInOrder_EachStepOpensWhatTheTaskSays()
    {
        // Reviews v3 calls ratings (v1 does not), so the ratings step shows on the page.
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Bookinfo("virtual-service-reviews-v3.yaml"));
        using var page = PageClient.Anonymous(bookInfo.Productpage);
        try
        {
            // allow-nothing: every workload in the namespace refuses everything, the page included.
            await ApplyTaskFileAsync(1);
            var denied = await Eventually.ValueAsync(async () =>
            {
                using var response = await page.Http.GetAsync(new Uri("/productpage", UriKind.Relative));
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }, r => r.StatusCode == HttpStatusCode.Forbidden, Propagation, "productpage never refused under allow-nothing", Pace);
            Assert.Equal("RBAC: access denied", denied.Body);

            // productpage-viewer: the page loads, but productpage may not call details or reviews.
            await ApplyTaskFileAsync(2);
            var pageOnly = await PageShowingAsync(page, html => html.Contains(DetailsUnavailable, StringComparison.Ordinal) && html.Contains(ReviewsUnavailable, StringComparison.Ordinal));
            Assert.DoesNotContain("<dt>ISBN-13:</dt>", pageOnly, StringComparison.Ordinal);

            // details-viewer and reviews-viewer: productpage's identity may read them; reviews may not call ratings.
            await ApplyTaskFileAsync(3);
            await ApplyTaskFileAsync(4);
            var allButRatings = await PageShowingAsync(page, html => html.Contains(RatingsUnavailable, StringComparison.Ordinal) && !html.Contains(DetailsUnavailable, StringComparison.Ordinal));
            Assert.Contains("<dt>ISBN-13:</dt><dd>123-1234567890</dd>", allButRatings, StringComparison.Ordinal);
            Assert.DoesNotContain(ReviewsUnavailable, allButRatings, StringComparison.Ordinal);

            // ratings-viewer: reviews' identity may read ratings, and the whole page works.
            await ApplyTaskFileAsync(5);
            var everything = await PageShowingAsync(page, html => !html.Contains("unavailable", StringComparison.Ordinal) && html.Contains("glyphicon-star", StringComparison.Ordinal));
            Assert.Equal("v3", PageClient.ReviewsVersion(everything));
        }
        finally
        {
            await DeleteAllAsync(ResourceKinds.AuthorizationPolicy);
        }
    }

    [Fact]
    public async Task DetailsViewer_CertificateIssuedByMeshctl_OnlyProductpagesIdentityMayRead()
    {
        using var directory = new TempDirectory();
        var productpageCert = await IssueAsync(directory, "bookinfo-productpage");
        var ratingsCert = await IssueAsync(directory, "bookinfo-ratings");
        var details = bookInfo.UrlOf("details v1");
        try
        {
            await ApplyTaskFileAsync(3);
            using var asRatings = MtlsClient(ratingsCert);
            using var asProductpage = MtlsClient(productpageCert);
            using var plaintext = new HttpClient();

            var refused = await Eventually.ValueAsync(
                () => StatusAsync(asRatings, Https(details)),
                status => status == HttpStatusCode.Forbidden,
                Propagation,
                "details never refused the ratings identity",
                Pace);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(asProductpage, Https(details)));
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(plaintext, details));
            Assert.Equal(HttpStatusCode.Forbidden, refused);
        }
        finally
        {
            await DeleteAllAsync(ResourceKinds.AuthorizationPolicy);
        }
    }

    [Fact]
    public async Task MtlsMigration_NamespaceStrict_PlaintextRefused_MeshTrafficAndMeshIdentitiesStillServed()
    {
        using var directory = new TempDirectory();
        var meshIdentity = await IssueAsync(directory, "sleep");
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"));
        var file = Conformance.File("istio.io/extracted/security/authentication/mtls-migration/snip_lock_down_to_mutual_tls_by_namespace_1.yaml");
        try
        {
            await MeshCtlRunner.RunAsync(bookInfo.ControlPlane, bookInfo.WorkingDirectory, "apply", "-n", "default", "-f", file);
            using var mtls = MtlsClient(meshIdentity);

            // STRICT refuses a new plaintext connection (Istio's "connection reset" for the legacy sleep). Each probe
            // opens its own: a connection accepted before STRICT arrived is not closed by it.
            await Eventually.ValueAsync(
                async () =>
                {
                    using var plaintext = new HttpClient();
                    return await TryStatusAsync(plaintext, bookInfo.Productpage);
                },
                status => status is null,
                Propagation,
                "productpage still served plaintext under STRICT",
                Pace);
            using var pageRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(Https(bookInfo.Productpage), "/productpage"));
            using var page = await mtls.SendAsync(pageRequest);
            var html = await page.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain("unavailable", html, StringComparison.Ordinal); // productpage → details, reviews over mTLS
            Assert.Equal("v1", PageClient.ReviewsVersion(html));
        }
        finally
        {
            await DeleteAllAsync(ResourceKinds.PeerAuthentication);
        }

        // Back to PERMISSIVE: plaintext is served again.
        using var again = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, await Eventually.ValueAsync(
            async () => await TryStatusAsync(again, new Uri(bookInfo.Productpage, "/productpage")),
            status => status == HttpStatusCode.OK,
            Propagation,
            "plaintext was not served again after STRICT was deleted",
            Pace));
    }

    private Task ApplyTaskFileAsync(int step) =>
        MeshCtlRunner.ApplyAsync(bookInfo.ControlPlane, bookInfo.WorkingDirectory, Conformance.File(
            $"istio.io/extracted/security/authorization/authz-http/snip_configure_access_control_for_workloads_using_http_traffic_{step}.yaml"));

    private async Task DeleteAllAsync(ResourceKind kind)
    {
        var (_, items) = await bookInfo.Admin.ListAsync(kind, null);
        foreach (var item in items)
        {
            await bookInfo.Admin.DeleteAsync(kind, item.Key.Namespace, item.Key.Name);
        }

        // Wait until the page works for a plaintext caller again, so later tests start open.
        using var page = PageClient.Anonymous(bookInfo.Productpage);
        await Eventually.ValueAsync(
            async () => await TryStatusAsync(page.Http, new Uri(bookInfo.Productpage, "/productpage")),
            status => status == HttpStatusCode.OK,
            Propagation,
            "productpage did not open again after the policies were deleted",
            Pace);
    }

    /// <summary><c>meshctl identity issue</c> for a service account of namespace default, as an operator runs it.</summary>
    private async Task<X509Certificate2Collection> IssueAsync(TempDirectory directory, string serviceAccount)
    {
        var output = Path.Combine(directory.Path, serviceAccount);
        await MeshCtlRunner.RunAsync(bookInfo.ControlPlane, bookInfo.WorkingDirectory,
            "identity", "issue", "--namespace", "default", "--service-account", serviceAccount, "--out", output);
        var leaf = X509Certificate2.CreateFromPemFile(Path.Combine(output, "cert.pem"), Path.Combine(output, "key.pem"));
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(Path.Combine(output, "ca.pem"));
        var material = new X509Certificate2Collection(leaf);
        material.AddRange(roots);
        return material;
    }

    /// <summary>An HttpClient that presents the first certificate and trusts only the rest (the mesh's roots).</summary>
    private static HttpClient MtlsClient(X509Certificate2Collection material)
    {
        var roots = new X509Certificate2Collection();
        for (var i = 1; i < material.Count; i++)
        {
            roots.Add(material[i]);
        }

        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [material[0]],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static Uri Https(Uri url) => new UriBuilder(url) { Scheme = Uri.UriSchemeHttps }.Uri;

    /// <summary>GET details' book 0 on <paramref name="details"/> (https for an mTLS client).</summary>
    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, Uri details)
    {
        using var response = await client.GetAsync(new Uri(details, "/details/0"));
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode?> TryStatusAsync(HttpClient client, Uri url)
    {
        try
        {
            using var response = await client.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // refused or closed at connection level
        }
    }

    /// <summary>The page once it shows what <paramref name="condition"/> asks (a refused page while policy propagates is skipped).</summary>
    private static async Task<string> PageShowingAsync(PageClient page, Func<string, bool> condition) =>
        await Eventually.ValueAsync(
            async () =>
            {
                using var response = await page.Http.GetAsync(new Uri("/productpage", UriKind.Relative));
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
            },
            html => html.Length > 0 && condition(html),
            Propagation,
            "the page never showed what this step allows",
            Pace);
}
