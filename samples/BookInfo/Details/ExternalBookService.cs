using System.Text.Json;

namespace BookInfo.Details;

/// <summary>
/// details v2: the book's details from Google's Books API, as Istio's details service with
/// ENABLE_EXTERNAL_BOOK_SERVICE and DO_NOT_ENCRYPT (its bookinfo-details-v2.yaml). The call leaves the mesh, so
/// the egress policy decides its fate: REGISTRY_ONLY refuses it unless a ServiceEntry admits www.googleapis.com. In
/// Istio, egress-rule-google-apis.yaml also sends it on as HTTPS to port 443; Mesh admits the host but does not apply
/// the rule's port rewrite or TLS origination yet, so the call stays plain HTTP on port 80.
/// </summary>
internal sealed class ExternalBookService(IHttpClientFactory clients)
{
    public const string ClientName = "books";

    /// <summary>Plain HTTP on purpose (DO_NOT_ENCRYPT): in Istio the egress rule has the mesh originate TLS (Mesh: not yet).</summary>
    public const string Url = "http://www.googleapis.com/books/v1/volumes?q=isbn:" + Isbn;

    // An edition of The Comedy of Errors with Shakespeare as its single author, the ISBN Istio's details.rb asks for.
    private const string Isbn = "0486424618";

    /// <summary>Istio's details waits 5 s (read_timeout).</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The details, or the reason there are none (the service answers 400 with it, as Istio's does).</summary>
    public async Task<(ExternalBookDetails? Details, string? Error)> FetchAsync(int id, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(new Uri(Url), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                // The mesh says why when the refusal is its own (EB: egress blocked), which is the lesson.
                var reason = response.Headers.TryGetValues("x-mesh-reason", out var flags) ? $" (x-mesh-reason: {string.Join(",", flags)})" : "";
                return (null, $"www.googleapis.com answered {(int)response.StatusCode}{reason}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            return (Read(id, json.RootElement), null);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return (null, $"www.googleapis.com did not answer within {Timeout.TotalSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, "www.googleapis.com cannot be reached: " + ex.Message);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return (null, "www.googleapis.com sent an answer without the book: " + ex.Message);
        }
    }

    private static ExternalBookDetails Read(int id, JsonElement root)
    {
        var book = root.GetProperty("items")[0].GetProperty("volumeInfo");
        return new ExternalBookDetails(
            id,
            book.GetProperty("authors")[0].GetString() ?? "",
            book.GetProperty("publishedDate").GetString() ?? "",
            book.GetProperty("printType").GetString() == "BOOK" ? "paperback" : "unknown",
            book.TryGetProperty("pageCount", out var pages) && pages.TryGetInt32(out var count) ? count : null,
            book.GetProperty("publisher").GetString() ?? "",
            book.GetProperty("language").GetString() == "en" ? "English" : "unknown",
            Identifier(book, "ISBN_10"),
            Identifier(book, "ISBN_13"));
    }

    private static string Identifier(JsonElement book, string type)
    {
        foreach (var identifier in book.GetProperty("industryIdentifiers").EnumerateArray())
        {
            if (identifier.GetProperty("type").GetString() == type)
            {
                return identifier.GetProperty("identifier").GetString() ?? "";
            }
        }

        throw new KeyNotFoundException("no " + type);
    }
}
