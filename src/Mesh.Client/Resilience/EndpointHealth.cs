namespace Mesh.Client.Resilience;

/// <summary>Outlier-detection state of one endpoint within one destination: failure streaks and ejection.</summary>
internal sealed class EndpointHealth
{
    private int _consecutive5xx;
    private int _consecutiveGateway;

    /// <summary>When the current ejection ends (timestamp), or 0 when not ejected.</summary>
    public long EjectedUntil { get; set; }

    /// <summary>How many times it has been ejected (the ejection-time multiplier).</summary>
    public int Ejections { get; set; }

    /// <summary>When the multiplier last decayed.</summary>
    public long LastDecay { get; set; }

    public bool IsEjected(long now) => EjectedUntil > now;

    /// <summary>Counts a failure; returns the streak lengths after it.</summary>
    public (int Consecutive5xx, int ConsecutiveGateway) Failure(bool gateway) =>
        (Interlocked.Increment(ref _consecutive5xx), gateway ? Interlocked.Increment(ref _consecutiveGateway) : Volatile.Read(ref _consecutiveGateway));

    public void Success()
    {
        if (Volatile.Read(ref _consecutive5xx) != 0)
        {
            Volatile.Write(ref _consecutive5xx, 0);
        }

        if (Volatile.Read(ref _consecutiveGateway) != 0)
        {
            Volatile.Write(ref _consecutiveGateway, 0);
        }
    }

    public void ResetStreaks()
    {
        Volatile.Write(ref _consecutive5xx, 0);
        Volatile.Write(ref _consecutiveGateway, 0);
    }
}
