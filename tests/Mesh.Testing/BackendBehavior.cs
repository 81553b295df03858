namespace Mesh.Testing;

/// <summary>How a test backend answers; tests change it while traffic flows.</summary>
public sealed class BackendBehavior
{
    private int _requests;

    /// <summary>The share of requests (0 to 1) answered with <see cref="FailureStatus"/>.</summary>
    public double FailureRate { get; set; }

    /// <summary>The status of a failed request. <value>Default: 503.</value></summary>
    public int FailureStatus { get; set; } = 503;

    /// <summary>How long each request waits before answering.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>
    /// When set, each request waits for this task before answering: a test holds requests in flight for as long
    /// as it needs, instead of guessing how long a delay must be.
    /// </summary>
    public Task? Hold { get; set; }

    /// <summary>The Host header of every request received, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Hosts { get; } = new();

    /// <summary>The <c>x-mesh-peer</c> header of each request received, in order (empty when absent).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> PeerHeaders { get; } = new();

    /// <summary>Requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    internal int Count() => Interlocked.Increment(ref _requests);
}
