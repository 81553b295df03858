using System.Net;
using System.Text.Json;
using Mesh.BookInfo.Tests.Infrastructure;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests;

/// <summary>
/// Istio's egress lesson on BookInfo: details v2 fetches the book from www.googleapis.com, outside the mesh. With
/// REGISTRY_ONLY the mesh refuses the call until a ServiceEntry admits the host. The tests run offline, so the
/// ServiceEntry here points the host at a stand-in on 127.0.0.1. (Istio's egress-rule-google-apis.yaml would also send
/// the call to Google's port 443 over TLS; Mesh does not apply its port rewrite or TLS origination yet.)
/// </summary>
[Collection(BookInfoCollection.Name)]
public sealed class EgressTests(BookInfoCluster bookInfo)
{
    [Fact]
    public async Task DetailsV2_RegistryOnly_RefusedUntilAServiceEntryAdmitsTheBookService()
    {
        await using var books = await FakeBooksApi.StartAsync();
        var (process, detailsV2) = await bookInfo.StartWorkloadAsync("details", "v2", "--outbound-traffic-policy", "REGISTRY_ONLY");
        await using var _ = process;
        try
        {
            await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-details-v2.yaml"));
            using var page = PageClient.Anonymous(bookInfo.Productpage);
            using var direct = new HttpClient { BaseAddress = detailsV2 };

            var refusedPage = await page.GetPageAsync();
            using var refused = await direct.GetAsync(new Uri("/details/0", UriKind.Relative));
            var refusedBody = await refused.Content.ReadAsStringAsync();

            await bookInfo.Admin.ApplyAsync(StandIn(books.Port));
            var admittedPage = "";
            await Eventually.TrueAsync(
                async () => (admittedPage = await page.GetPageAsync()).Contains("Stand-in Books", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20),
                "details v2 never showed the book once the ServiceEntry admitted its host");
            using var admitted = JsonDocument.Parse(await direct.GetStringAsync(new Uri("/details/0", UriKind.Relative)));

            Assert.Contains("Sorry, product details are currently unavailable for this book.", refusedPage, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("""{"error":"www.googleapis.com answered 502 (x-mesh-reason: EB)"}""", refusedBody);
            Assert.Contains("<dt>Pages:</dt><dd>96</dd>", admittedPage, StringComparison.Ordinal);
            Assert.Contains("<dt>ISBN-13:</dt><dd>9780486424613</dd>", admittedPage, StringComparison.Ordinal);
            Assert.Equal("2002", admitted.RootElement.GetProperty("year").GetString());
            Assert.Equal("paperback", admitted.RootElement.GetProperty("type").GetString());
            Assert.Equal("www.googleapis.com", Assert.Single(books.Hosts.Distinct()));
        }
        finally
        {
            await bookInfo.Admin.DeleteAsync(ResourceKinds.ServiceEntry, "default", "googleapis-stand-in");
        }
    }

    private static string StandIn(int port) => $"""
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata:
          name: googleapis-stand-in
        spec:
          hosts:
          - www.googleapis.com
          location: MESH_EXTERNAL
          resolution: STATIC
          ports:
          - number: 80
            name: http
            protocol: HTTP
          endpoints:
          - address: 127.0.0.1
            ports:
              http: {port}
        """;
}
