using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Resilience;

namespace Mesh.Client.Routing;

/// <summary>One compiled HTTP route: match conditions (ORed), weighted targets, rewrite, headers and resilience.</summary>
internal sealed class CompiledRoute
{
    public CompiledRoute(string? name, RequestMatcher[] matchers, WeightedTarget[] targets, RoutePolicy policy, UriRewrite? rewrite, HeaderRewriter? headers, FaultPolicy? fault = null, MirrorTarget[]? mirrors = null)
    {
        Fault = fault;
        Mirrors = mirrors ?? [];
        Name = name;
        Matchers = matchers;
        Targets = targets;
        TotalWeight = targets.Length == 0 ? 0 : targets[^1].UpperBound;
        Policy = policy;
        Rewrite = rewrite;
        Headers = headers;
    }

    public string? Name { get; }

    /// <summary>Empty: every request matches.</summary>
    public RequestMatcher[] Matchers { get; }

    public WeightedTarget[] Targets { get; }

    public int TotalWeight { get; }

    public RoutePolicy Policy { get; }

    public UriRewrite? Rewrite { get; }

    public HeaderRewriter? Headers { get; }

    /// <summary>Injected delay and abort, or null.</summary>
    public FaultPolicy? Fault { get; }

    /// <summary>Mirror destinations (usually none).</summary>
    public MirrorTarget[] Mirrors { get; }

    /// <summary>
    /// True when the request matches; <paramref name="matched"/> is the match block that did (null for a route
    /// without conditions), which a prefix rewrite needs.
    /// </summary>
    public bool TryMatch(HttpRequestMessage request, Uri uri, out RequestMatcher? matched)
    {
        var headers = new RequestHeaderValues(request, []);
        return TryMatch(request, uri, ref headers, out matched);
    }

    /// <inheritdoc cref="TryMatch(HttpRequestMessage, Uri, out RequestMatcher?)"/>
    /// <param name="request">The request.</param>
    /// <param name="uri">Its URI.</param>
    /// <param name="headers">The request's headers as the service's routes read them, shared across routes.</param>
    /// <param name="matched">The block that matched.</param>
    public bool TryMatch(HttpRequestMessage request, Uri uri, ref RequestHeaderValues headers, out RequestMatcher? matched)
    {
        matched = null;
        if (Matchers.Length == 0)
        {
            return true;
        }

        foreach (var matcher in Matchers)
        {
            if (matcher.Matches(request, uri, ref headers))
            {
                matched = matcher;
                return true;
            }
        }

        return false;
    }

    /// <summary>A weighted pick among the targets.</summary>
    public WeightedTarget PickTarget(IMeshRandom random)
    {
        if (Targets.Length == 1 || TotalWeight <= 0)
        {
            return Targets[0];
        }

        var pick = random.Next(TotalWeight);
        foreach (var target in Targets)
        {
            if (pick < target.UpperBound)
            {
                return target;
            }
        }

        return Targets[^1];
    }
}
