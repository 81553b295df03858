namespace Mesh.Server.Topology;

/// <summary>How the server aggregates topology reports.</summary>
internal sealed class TopologyWindowOptions
{
    /// <summary>The window rates and percentiles are computed over. <value>Default: 60 s (Kiali's default graph duration).</value></summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The granularity of the window. <value>Default: 5 s, the clients' report interval.</value></summary>
    public TimeSpan Bucket { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A reporter's ejections and certificate are forgotten after this long without a report. <value>Default: 2 min.</value></summary>
    public TimeSpan ReporterTtl { get; init; } = TimeSpan.FromMinutes(2);
}
