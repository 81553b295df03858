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

    /// <summary>Attempts made so far, stored as a cached box (see <see cref="Count"/>) so that counting allocates nothing.</summary>
    public static readonly ResiliencePropertyKey<object> Attempts = new("mesh.attempts");

    // Properties hold values as objects: a boxed int per attempt would be an allocation per request.
    private static readonly object[] Boxes = [.. Enumerable.Range(0, 33).Select(static i => (object)i)];

    /// <summary>The attempt count in <paramref name="context"/> (0 before the first attempt).</summary>
    public static int Count(ResilienceContext context) =>
        context.Properties.TryGetValue(Attempts, out var boxed) ? (int)boxed : 0;

    /// <summary>Stores <paramref name="count"/> without allocating for any realistic number of attempts.</summary>
    public static void SetCount(ResilienceContext context, int count) =>
        context.Properties.Set(Attempts, count < Boxes.Length ? Boxes[count] : count);

    /// <summary>The first attempt's outcome, for the pipeline that retries it to take (set on the retry path only).</summary>
    public static readonly ResiliencePropertyKey<FirstOutcome> First = new("mesh.first-outcome");

    /// <summary>A retry slot (maxRetries, retry budget) is held and must be released.</summary>
    public static readonly ResiliencePropertyKey<bool> RetryHeld = new("mesh.retry-held");
}
