using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Resilience;
using Mesh.Client.Security;
using Mesh.Client.Telemetry;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Routing;

/// <summary>
/// Where a route sends traffic: the endpoints of one service, or of one of its subsets, with the balancer, the
/// traffic policy and the connection pool in effect there (what Envoy calls a cluster). Built per snapshot; the
/// runtime state it uses (<see cref="DestinationState"/>) outlives it.
/// </summary>
internal sealed class SubsetTarget
{
    /// <summary>Up to this many endpoints, an endpoint's slot is found by scanning (see <see cref="TryGetSlot"/>).</summary>
    private const int ScannedSlots = 8;

    private readonly IMeshRandom _random;
    private readonly TimeProvider _time;
    private HealthyView _view;

    /// <summary>Each endpoint's slot, at the endpoint's index in <see cref="Endpoints"/>.</summary>
    private readonly EndpointSlot[] _slots;

    /// <summary>Endpoint to index in <see cref="_slots"/>, only for destinations too large to scan (see <see cref="TryGetSlot"/>).</summary>
    private readonly Dictionary<EndpointState, int>? _slotIndex;

    public SubsetTarget(string service, string? subset, EndpointState[] endpoints, TrafficPolicy? policy, DestinationState state, MeshTransport? transport, IMeshRandom random, TimeProvider time, bool external = false, OutboundTlsResolver? tls = null)
    {
        Service = service;
        Subset = subset;
        Endpoints = endpoints;
        Policy = policy;
        State = state;
        // Each endpoint's pool, and its outlier-detection record when the destination has one (kept by address in
        // State, across snapshots), found once per attempt by the endpoint's identity.
        _slots = new EndpointSlot[endpoints.Length];
        for (var i = 0; i < endpoints.Length; i++)
        {
            var endpoint = endpoints[i];
            var pool = transport!.For(endpoint, policy?.ConnectionPool, (tls ?? OutboundTlsResolver.None).Resolve(policy?.Tls, endpoint, service, external), inMesh: !external);
            _slots[i] = new EndpointSlot(pool.Invoker, policy?.OutlierDetection is null ? null : state.HealthOf(endpoint.Key), pool.Tls);
        }

        if (endpoints.Length > ScannedSlots)
        {
            _slotIndex = new Dictionary<EndpointState, int>(endpoints.Length, ReferenceEqualityComparer.Instance);
            for (var i = 0; i < endpoints.Length; i++)
            {
                _slotIndex[endpoints[i]] = i;
            }
        }

        IsExternal = external;
        _random = random;
        _time = time;
        Name = subset is null ? service : service + "|" + subset;
        Limits = policy?.ConnectionPool is null && policy?.RetryBudget is null ? ConnectionLimits.Unlimited : new ConnectionLimits(policy?.ConnectionPool, policy?.RetryBudget);
        Outliers = policy?.OutlierDetection is { } od ? new OutlierPolicy(od) : null;
        // The mesh secures the connection itself (mTLS, or origination for SIMPLE and MUTUAL): the request goes
        // out as http. An external host without origination keeps the application's scheme (its own TLS).
        Scheme = external && policy?.Tls?.Mode is not (TlsMode.Simple or TlsMode.Mutual) ? null : "http";
        _view = BuildView(time.GetTimestamp());
    }

    /// <summary>The service's fully qualified host.</summary>
    public string Service { get; }

    /// <summary>The subset name, or null for all endpoints of the service.</summary>
    public string? Subset { get; }

    /// <summary><c>service</c> or <c>service|subset</c>, for logs and headers.</summary>
    public string Name { get; }

    public EndpointState[] Endpoints { get; }

    /// <summary>The merged traffic policy (the rule's, overridden field by field by the subset's).</summary>
    public TrafficPolicy? Policy { get; }

    public DestinationState State { get; }

    public ConnectionLimits Limits { get; }

    public OutlierPolicy? Outliers { get; }

    /// <summary>The connection pool of one of this destination's endpoints.</summary>
    public HttpMessageInvoker PoolOf(EndpointState endpoint) =>
        TryGetSlot(endpoint, out var slot) ? slot.Pool : throw new KeyNotFoundException($"{endpoint} is not an endpoint of {Name}.");

    /// <summary>
    /// The principal the connections to <paramref name="endpoint"/> have proven in their mTLS handshakes, when the
    /// mesh secures them and it is known (the source side's <c>destination_principal</c>); otherwise null.
    /// </summary>
    public string? PeerPrincipalOf(EndpointState endpoint) =>
        TryGetSlot(endpoint, out var slot) ? slot.Tls?.PeerPrincipal : null;

    /// <summary>
    /// The scheme requests are sent with: <c>http</c> when the mesh secures the connection (mesh mTLS, TLS
    /// origination) or sends plaintext; null to keep the application's (an external host it speaks TLS to itself).
    /// </summary>
    public string? Scheme { get; }

    /// <summary>A ServiceEntry host outside the mesh.</summary>
    public bool IsExternal { get; }

    /// <summary>True for a destination no resource defines.</summary>
    public bool IsMissing { get; private init; }

    /// <summary>A target for a destination that does not exist: requests to it fail with 503 NC.</summary>
    public static SubsetTarget Missing(string service, string? subset) =>
        new(service, subset, [], null, new DestinationState(), null, SharedMeshRandom.Instance, TimeProvider.System) { IsMissing = true };

    /// <summary>The balancer over the endpoints that are not ejected now, or null when none can serve.</summary>
    public ILoadBalancer? Balancer
    {
        get
        {
            var view = Volatile.Read(ref _view);
            if (view.NextChange != long.MaxValue && _time.GetTimestamp() >= view.NextChange)
            {
                view = Refresh();
            }

            return view.Balancer;
        }
    }

    /// <summary>Feeds an attempt's outcome to outlier detection (a no-op without it).</summary>
    public void Record(EndpointState endpoint, int status, bool connectionFailure)
    {
        if (Outliers is not { } policy)
        {
            return;
        }

        var health = TryGetSlot(endpoint, out var slot) && slot.Health is { } known ? known : State.HealthOf(endpoint.Key);
        var now = _time.GetTimestamp();
        if (!connectionFailure && status < 500)
        {
            health.Success();
            if (health.Ejections > 0 && _time.GetElapsedTime(health.LastDecay, now) >= policy.Interval && !health.IsEjected(now))
            {
                // Healthy for an interval: the next ejection is shorter again, as in Envoy.
                lock (State.EjectionLock)
                {
                    health.Ejections = Math.Max(0, health.Ejections - 1);
                    health.LastDecay = now;
                }
            }

            return;
        }

        var gateway = connectionFailure || status is 502 or 503 or 504;
        var (fiveXx, gatewayStreak) = health.Failure(gateway);
        if ((policy.Consecutive5xx > 0 && fiveXx >= policy.Consecutive5xx) || (policy.ConsecutiveGateway > 0 && gatewayStreak >= policy.ConsecutiveGateway))
        {
            TryEject(endpoint, health, policy, now);
        }
    }

    private void TryEject(EndpointState endpoint, EndpointHealth health, OutlierPolicy policy, long now)
    {
        lock (State.EjectionLock)
        {
            if (health.IsEjected(now))
            {
                return;
            }

            var ejected = 0;
            foreach (var other in Endpoints)
            {
                if (State.HealthOf(other.Key).IsEjected(now))
                {
                    ejected++;
                }
            }

            // Never more than maxEjectionPercent of the destination, but always at least one endpoint (Envoy's
            // documented rule): with 10 % or 50 % of three endpoints one can be ejected, with 100 % all.
            var allowed = ejected == 0 ? policy.MaxEjectionPercent > 0 : (ejected + 1) * 100 <= policy.MaxEjectionPercent * Endpoints.Length;
            if (!allowed)
            {
                return;
            }

            health.Ejections++;
            health.LastDecay = now;
            health.EjectedUntil = now + (long)(policy.BaseEjectionTime.TotalSeconds * health.Ejections * _time.TimestampFrequency);
            health.ResetStreaks();
            Volatile.Write(ref _view, BuildView(now));
        }

        MeshEvents.Record(MeshEvents.Ejection, Name);
    }

    private HealthyView Refresh()
    {
        lock (State.EjectionLock)
        {
            var view = BuildView(_time.GetTimestamp());
            Volatile.Write(ref _view, view);
            return view;
        }
    }

    private HealthyView BuildView(long now)
    {
        if (Endpoints.Length == 0)
        {
            return new HealthyView(null, long.MaxValue);
        }

        if (Outliers is null)
        {
            return new HealthyView(LoadBalancerFactory.Create(Policy?.LoadBalancer, Endpoints, _random), long.MaxValue);
        }

        var healthy = new List<EndpointState>(Endpoints.Length);
        var next = long.MaxValue;
        foreach (var endpoint in Endpoints)
        {
            var health = State.HealthOf(endpoint.Key);
            if (health.IsEjected(now))
            {
                next = Math.Min(next, health.EjectedUntil);
            }
            else
            {
                healthy.Add(endpoint);
            }
        }

        // Below minHealthPercent, ejections are ignored (Envoy's panic mode) rather than starving the destination.
        if (healthy.Count * 100 < Outliers.MinHealthPercent * Endpoints.Length)
        {
            return new HealthyView(LoadBalancerFactory.Create(Policy?.LoadBalancer, Endpoints, _random), next);
        }

        return new HealthyView(healthy.Count == 0 ? null : LoadBalancerFactory.Create(Policy?.LoadBalancer, [.. healthy], _random), next);
    }

    /// <summary>
    /// The slot of <paramref name="endpoint"/> (one of <see cref="Endpoints"/>, by reference). Most destinations
    /// have a few endpoints: comparing references along the array reads one or two cache lines, where a dictionary
    /// lookup (an interface call for the hash, the buckets, the entries) touches several, each likely cold again by
    /// the next request after a network round trip. Destinations above <see cref="ScannedSlots"/> endpoints use the index.
    /// </summary>
    private bool TryGetSlot(EndpointState endpoint, out EndpointSlot slot)
    {
        var at = -1;
        if (_slotIndex is null)
        {
            var endpoints = Endpoints;
            for (var i = 0; i < endpoints.Length; i++)
            {
                if (ReferenceEquals(endpoints[i], endpoint))
                {
                    at = i;
                    break;
                }
            }
        }
        else if (!_slotIndex.TryGetValue(endpoint, out at))
        {
            at = -1;
        }

        slot = at >= 0 ? _slots[at] : default;
        return at >= 0;
    }

    private sealed record HealthyView(ILoadBalancer? Balancer, long NextChange);

    /// <summary>What an attempt needs of one endpoint: its connection pool and, with outlier detection, its health record.</summary>
    private readonly record struct EndpointSlot(HttpMessageInvoker Pool, EndpointHealth? Health, OutboundTlsConnector? Tls);
}
