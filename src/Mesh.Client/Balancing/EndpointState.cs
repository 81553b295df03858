using System.Globalization;

namespace Mesh.Client.Balancing;

/// <summary>
/// One endpoint (an instance's address and port) and its runtime state: in-flight requests now, ejection later.
/// Config snapshots come and go; an endpoint's state object is carried from one snapshot to the next as long as
/// the endpoint stays, so counters survive policy updates.
/// </summary>
internal sealed class EndpointState
{
    private int _inFlight;

    /// <summary>Creates the state for an endpoint.</summary>
    public EndpointState(string address, int port, IReadOnlyDictionary<string, string> labels, string? serviceAccount = null, int weight = 1, string? @namespace = null)
    {
        Address = address;
        Namespace = @namespace;
        Port = port;
        Labels = labels;
        ServiceAccount = serviceAccount;
        Weight = weight <= 0 ? 1 : weight;
        var host = address.Contains(':', StringComparison.Ordinal) ? "[" + address + "]" : address;
        Key = host + ":" + port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The IP address or host name.</summary>
    public string Address { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary><c>address:port</c> (IPv6 in brackets): the endpoint's identity across snapshots.</summary>
    public string Key { get; }

    /// <summary>The instance's labels (<c>app</c>, <c>version</c>, ...).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The namespace of the resource that defined the endpoint (its identity's namespace), when known.</summary>
    public string? Namespace { get; }

    /// <summary>The identity the instance runs as.</summary>
    public string? ServiceAccount { get; }

    /// <summary>Relative weight for load balancing (1 when not given).</summary>
    public int Weight { get; }

    /// <summary>Requests sent to this endpoint and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Counts a request as started.</summary>
    public void Enter() => Interlocked.Increment(ref _inFlight);

    /// <summary>Counts a request as finished.</summary>
    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <inheritdoc />
    public override string ToString() => Key;
}
