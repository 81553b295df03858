using Mesh.Client.Balancing;
using Mesh.Client.Routing;
using Polly;

namespace Mesh.Client.Resilience;

/// <summary>Per-request state kept in Polly's pooled <see cref="ResilienceContext"/> (no allocation per request).</summary>
internal static class AttemptKeys
{
    /// <summary>The destination of this request.</summary>
    public static readonly ResiliencePropertyKey<SubsetTarget> Target = new("mesh.target");

    /// <summary>The endpoint of the last attempt (a retry avoids it).</summary>
    public static readonly ResiliencePropertyKey<EndpointState> LastEndpoint = new("mesh.endpoint");

    /// <summary>Endpoints tried before the last one (created on a second retry only).</summary>
    public static readonly ResiliencePropertyKey<List<EndpointState>> Tried = new("mesh.tried");

    /// <summary>Attempts made so far.</summary>
    public static readonly ResiliencePropertyKey<int> Attempts = new("mesh.attempts");

    /// <summary>A retry slot (maxRetries, retry budget) is held and must be released.</summary>
    public static readonly ResiliencePropertyKey<bool> RetryHeld = new("mesh.retry-held");
}
