using System.Net;
using System.Net.Http.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;

namespace Mesh.Cli.Tests.Infrastructure;

/// <summary>
/// A STUB that stands in for the control server in these unit tests only: it records each request meshctl
/// sends and answers with canned JSON in the API's own contract types. It checks what meshctl sends and how it
/// prints answers; the real server is exercised by the integration tests.
/// </summary>
internal sealed class StubControlServer : HttpMessageHandler
{
    private readonly Func<RecordedRequest, HttpResponseMessage> _respond;
    private readonly List<RecordedRequest> _requests = [];

    public StubControlServer(Func<RecordedRequest, HttpResponseMessage> respond) => _respond = respond;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>A 2xx answer with <paramref name="value"/> as the server would serialize it.</summary>
    public static HttpResponseMessage Json<T>(T value, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = JsonContent.Create(value, options: PolicySerializer.Options) };

    /// <summary>An error answer in the server's error shape.</summary>
    public static HttpResponseMessage Error(HttpStatusCode status, ErrorResponse error) => Json(error, status);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body);
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        return _respond(recorded);
    }
}

/// <summary>One request as the stub saw it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? Body)
{
    public string PathAndQuery => Uri.PathAndQuery;
}
