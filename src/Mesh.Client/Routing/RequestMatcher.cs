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
    private HeaderCondition[] _headers;
    private HeaderCondition[] _withoutHeaders;
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

    /// <summary>The names of the headers this block tests (conditions and withoutHeaders).</summary>
    public IEnumerable<string> HeaderNames => _headers.Concat(_withoutHeaders).Select(static c => c.Name);

    /// <summary>
    /// Points this block's header conditions at their slots in <paramref name="names"/> (the service's, see
    /// <see cref="RequestHeaderValues"/>). Called while the snapshot is compiled, before any request sees it.
    /// </summary>
    public void BindHeaderSlots(string[] names)
    {
        _headers = Bind(_headers, names);
        _withoutHeaders = Bind(_withoutHeaders, names);
    }

    /// <summary>True when the request meets every condition (headers looked up one by one).</summary>
    public bool Matches(HttpRequestMessage request, Uri uri)
    {
        var headers = new RequestHeaderValues(request, []);
        return Matches(request, uri, ref headers);
    }

    /// <summary>True when the request meets every condition, reading headers through <paramref name="headers"/>.</summary>
    public bool Matches(HttpRequestMessage request, Uri uri, ref RequestHeaderValues headers)
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

        foreach (var condition in _headers)
        {
            if (!headers.TryGet(condition.Name, condition.Slot, out var value) || !condition.Matcher.Matches(value))
            {
                return false;
            }
        }

        foreach (var condition in _withoutHeaders)
        {
            if (headers.TryGet(condition.Name, condition.Slot, out var value) && condition.Matcher.Matches(value))
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

    /// <summary>
    /// A guard for this block: one of its conditions that a flat check can test without walking the block (the URI's
    /// literal, else the first slotted header with one). Call after <see cref="BindHeaderSlots"/>.
    /// </summary>
    public RouteGuard Guard()
    {
        if (_uri is not null && _uri.TryGetLiteral(out var path, out var exactPath))
        {
            return RouteGuard.OnPath(path, exactPath);
        }

        foreach (var condition in _headers)
        {
            if (condition.Slot >= 0 && condition.Matcher.TryGetLiteral(out var literal, out var exact))
            {
                return RouteGuard.OnHeader(condition.Name, condition.Slot, literal, exact);
            }
        }

        return RouteGuard.None;
    }

    private static HeaderCondition[] Bind(HeaderCondition[] conditions, string[] names)
    {
        var bound = new HeaderCondition[conditions.Length];
        for (var i = 0; i < conditions.Length; i++)
        {
            var slot = Array.FindIndex(names, n => string.Equals(n, conditions[i].Name, StringComparison.OrdinalIgnoreCase));
            bound[i] = slot < 0 ? conditions[i] : conditions[i] with { Name = names[slot], Slot = slot };
        }

        return bound;
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
            result[i++] = new HeaderCondition(name, StringMatcher.Create(match), Slot: -1);
        }

        return result;
    }

    /// <summary>A condition on one header; <paramref name="Slot"/> is its place in the service's <see cref="RequestHeaderValues"/>, or -1.</summary>
    private readonly record struct HeaderCondition(string Name, StringMatcher Matcher, int Slot);
}
