using System.Net.Http.Headers;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Routing;

/// <summary>
/// One compiled <c>match</c> block: every condition must hold. Conditions on the caller itself (sourceLabels,
/// sourceNamespace) are settled at compile time, because the caller is this process.
/// </summary>
internal sealed class RequestMatcher
{
    private readonly StringMatcher? _uri;
    private readonly StringMatcher? _scheme;
    private readonly StringMatcher? _method;
    private readonly StringMatcher? _authority;
    private readonly HeaderCondition[] _headers;
    private readonly HeaderCondition[] _withoutHeaders;
    private readonly HeaderCondition[] _query;
    private readonly int _port;

    private RequestMatcher(HttpMatchRequest match)
    {
        Name = match.Name;
        _uri = match.Uri is null ? null : StringMatcher.Create(match.Uri, match.IgnoreUriCase == true);
        _scheme = match.Scheme is null ? null : StringMatcher.Create(match.Scheme);
        _method = match.Method is null ? null : StringMatcher.Create(match.Method);
        _authority = match.Authority is null ? null : StringMatcher.Create(match.Authority);
        _headers = Conditions(match.Headers);
        _withoutHeaders = Conditions(match.WithoutHeaders);
        _query = Conditions(match.QueryParams);
        _port = match.Port ?? 0;
    }

    public string? Name { get; }

    /// <summary>The uri matcher, whose prefix a rewrite replaces.</summary>
    public StringMatcher? Uri => _uri;

    /// <summary>Compiles <paramref name="match"/>, or returns null when it can never match this caller.</summary>
    public static RequestMatcher? Create(HttpMatchRequest match, CallerIdentity caller)
    {
        if (match.SourceNamespace is { } ns && ns != caller.Namespace)
        {
            return null;
        }

        foreach (var (key, value) in match.SourceLabels ?? [])
        {
            if (!caller.Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return null;
            }
        }

        return new RequestMatcher(match);
    }

    public bool Matches(HttpRequestMessage request, Uri uri)
    {
        if (_uri is not null && !_uri.Matches(uri.AbsolutePath))
        {
            return false;
        }

        if (_method is not null && !_method.Matches(request.Method.Method))
        {
            return false;
        }

        if (_port != 0 && uri.Port != _port)
        {
            return false;
        }

        if (_scheme is not null && !_scheme.Matches(uri.Scheme))
        {
            return false;
        }

        if (_authority is not null && !_authority.Matches(request.Headers.Host ?? uri.Authority))
        {
            return false;
        }

        var headers = request.Headers.NonValidated;
        foreach (var condition in _headers)
        {
            if (!headers.TryGetValues(condition.Name, out var values) || !MatchesAny(condition.Matcher, values))
            {
                return false;
            }
        }

        foreach (var condition in _withoutHeaders)
        {
            if (headers.TryGetValues(condition.Name, out var values) && MatchesAny(condition.Matcher, values))
            {
                return false;
            }
        }

        if (_query.Length > 0)
        {
            var query = uri.Query.AsSpan();
            foreach (var condition in _query)
            {
                if (!QueryString.TryGetValue(query, condition.Name, out var value) || !condition.Matcher.Matches(value))
                {
                    return false;
                }
            }
        }

        return true;
    }

    // Envoy matches a header's whole value (several lines joined); .NET may hold a parsed header such as
    // User-Agent as separate tokens, so join them back rather than matching token by token.
    private static bool MatchesAny(StringMatcher matcher, HeaderStringValues values) =>
        matcher.Matches(values.Count == 1 ? FirstValue(values) : values.ToString());

    private static string FirstValue(HeaderStringValues values)
    {
        foreach (var value in values)
        {
            return value;
        }

        return "";
    }

    private static HeaderCondition[] Conditions(Dictionary<string, Policy.Resources.StringMatch>? matches)
    {
        if (matches is null || matches.Count == 0)
        {
            return [];
        }

        var result = new HeaderCondition[matches.Count];
        var i = 0;
        foreach (var (name, match) in matches)
        {
            result[i++] = new HeaderCondition(name, StringMatcher.Create(match));
        }

        return result;
    }

    private readonly record struct HeaderCondition(string Name, StringMatcher Matcher);
}
