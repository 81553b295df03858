using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Mesh.Client.Resilience;

/// <summary>
/// Runtime state of one destination (a service or subset) shared by every HttpClient of the process and kept
/// across config snapshots: active requests and retries (connection-pool limits, retry budget) and the health
/// of each of its endpoints (outlier detection).
/// </summary>
internal sealed class DestinationState
{
    private int _active;
    private int _activeRetries;

    public ConcurrentDictionary<string, EndpointHealth> Health { get; } = new(StringComparer.Ordinal);

    public Lock EjectionLock { get; } = new();

    public int Active => Volatile.Read(ref _active);

    public int ActiveRetries => Volatile.Read(ref _activeRetries);

    /// <summary>Admits a request unless <paramref name="limit"/> requests are already active (no waiting).</summary>
    public bool TryEnter(int limit)
    {
        return TryIncrementBelow(ref _active, limit);
    }

    public void Exit() => Interlocked.Decrement(ref _active);

    /// <summary>Admits a retry unless the retry limit or the retry budget is used up.</summary>
    public bool TryStartRetry(ConnectionLimits limits)
    {
        var cap = limits.MaxRetries;
        if (limits.HasBudget)
        {
            var budget = Math.Max(limits.BudgetMinConcurrency, (int)(limits.BudgetPercent / 100.0 * Math.Max(0, Active)));
            cap = Math.Min(cap, budget);
        }

        return TryIncrementBelow(ref _activeRetries, cap);
    }

    public void EndRetry() => Interlocked.Decrement(ref _activeRetries);

    /// <summary>
    /// Adds one to <paramref name="counter"/> unless it has reached <paramref name="limit"/>, without a lock; a
    /// limit of <see cref="int.MaxValue"/> means none, so the common unlimited case is a single increment.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // on every request: keep it as cheap as the two loops it replaced
    private static bool TryIncrementBelow(ref int counter, int limit)
    {
        if (limit == int.MaxValue)
        {
            Interlocked.Increment(ref counter);
            return true;
        }

        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public EndpointHealth HealthOf(string endpointKey) => Health.GetOrAdd(endpointKey, static _ => new EndpointHealth());
}
