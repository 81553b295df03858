using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Resilience;

/// <summary>
/// A destination's compiled connection-pool and retry limits (Istio's defaults are "unlimited"; a retry budget,
/// when given, caps retries in flight to a share of active requests).
/// </summary>
internal sealed class ConnectionLimits
{
    public static readonly ConnectionLimits Unlimited = new(null, null);

    public ConnectionLimits(ConnectionPoolSettings? pool, RetryBudget? budget)
    {
        var maxConnections = pool?.Tcp?.MaxConnections is > 0 and var c ? c : int.MaxValue;
        var maxPending = pool?.Http?.Http1MaxPendingRequests is > 0 and var p ? p : int.MaxValue;
        var maxRequests = pool?.Http?.Http2MaxRequests is > 0 and var r ? r : int.MaxValue;

        // HTTP/1.1 carries one request per connection at a time: the rest wait as pending requests.
        MaxActiveRequests = Math.Min(maxRequests, maxConnections == int.MaxValue || maxPending == int.MaxValue ? int.MaxValue : maxConnections + maxPending);
        MaxRetries = pool?.Http?.MaxRetries is > 0 and var m ? m : int.MaxValue;
        HasBudget = budget is not null;
        BudgetPercent = budget?.Percent?.Value ?? 20.0;
        BudgetMinConcurrency = budget?.MinRetryConcurrency ?? 3;
        CloseAfterEachRequest = pool?.Http?.MaxRequestsPerConnection == 1;
        IsUnlimited = MaxActiveRequests == int.MaxValue && MaxRetries == int.MaxValue && !HasBudget;
    }

    public int MaxActiveRequests { get; }

    public int MaxRetries { get; }

    public bool HasBudget { get; }

    public double BudgetPercent { get; }

    public int BudgetMinConcurrency { get; }

    /// <summary>maxRequestsPerConnection: 1 — no keep-alive.</summary>
    public bool CloseAfterEachRequest { get; }

    public bool IsUnlimited { get; }
}
