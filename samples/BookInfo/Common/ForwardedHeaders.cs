using Microsoft.Extensions.Primitives;

namespace BookInfo.Common;

/// <summary>
/// The headers a BookInfo service passes on from the request it serves to the requests it makes, as Istio's
/// productpage and reviews do: the request id and trace context, so that one page is one trace, and the headers
/// that routing rules match on (<c>end-user</c>, <c>user-agent</c>, <c>cookie</c>). Taken once per request, then
/// applied to each outgoing call (calls may run in parallel; HttpContext is not thread-safe).
/// </summary>
internal sealed class ForwardedHeaders
{
    /// <summary>The name of the header that carries the signed-in user.</summary>
    public const string EndUser = "end-user";

    // Istio's list (samples/bookinfo/src/productpage/productpage.py and reviews' LibertyRestEndpoint.java).
    private static readonly string[] Names =
    [
        "x-request-id",
        "traceparent", "tracestate",
        "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags", "b3",
        "x-ot-span-context", "x-cloud-trace-context", "grpc-trace-bin", "sw8",
        "x-datadog-trace-id", "x-datadog-parent-id", "x-datadog-sampling-priority",
        "user-agent", "cookie", "authorization", "jwt",
    ];

    private readonly List<KeyValuePair<string, StringValues>> _headers = [];

    private ForwardedHeaders()
    {
    }

    /// <summary>
    /// The headers of <paramref name="request"/> to pass on. <paramref name="passEndUser"/>: reviews passes the
    /// caller's <c>end-user</c> on to ratings; productpage sets it from its own sign-in cookie instead.
    /// </summary>
    public static ForwardedHeaders From(HttpRequest request, bool passEndUser)
    {
        var forwarded = new ForwardedHeaders();
        foreach (var name in Names)
        {
            forwarded.Take(request, name);
        }

        if (passEndUser)
        {
            forwarded.Take(request, EndUser);
        }

        return forwarded;
    }

    /// <summary>Adds a header of this service's own (productpage's <c>end-user</c>).</summary>
    public ForwardedHeaders With(string name, string value)
    {
        _headers.Add(new(name, value));
        return this;
    }

    /// <summary>Sets the headers on an outgoing request.</summary>
    public void ApplyTo(HttpRequestMessage request)
    {
        foreach (var (name, values) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }

    private void Take(HttpRequest request, string name)
    {
        if (request.Headers.TryGetValue(name, out var values) && values.Count > 0)
        {
            _headers.Add(new(name, values));
        }
    }
}
