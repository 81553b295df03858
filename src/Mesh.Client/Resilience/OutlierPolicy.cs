using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Resilience;

/// <summary>A destination's compiled outlier detection, with Istio's defaults for fields left out.</summary>
internal sealed class OutlierPolicy(OutlierDetection detection)
{
    /// <summary>Consecutive 5xx (and connection failures) before ejection; 0 disables. Istio's default: 5.</summary>
    public int Consecutive5xx { get; } = detection.Consecutive5xxErrors ?? 5;

    /// <summary>Consecutive 502/503/504 (and connection failures) before ejection; 0 disables (the default).</summary>
    public int ConsecutiveGateway { get; } = detection.ConsecutiveGatewayErrors ?? 0;

    /// <summary>How often ejection multipliers decay. Default 10 s.</summary>
    public TimeSpan Interval { get; } = detection.Interval?.Value ?? TimeSpan.FromSeconds(10);

    /// <summary>The first ejection's length; the n-th lasts n times as long. Default 30 s.</summary>
    public TimeSpan BaseEjectionTime { get; } = detection.BaseEjectionTime?.Value ?? TimeSpan.FromSeconds(30);

    /// <summary>At most this share of endpoints is ejected at once. Default 10 %.</summary>
    public int MaxEjectionPercent { get; } = detection.MaxEjectionPercent ?? 10;

    /// <summary>Below this share of healthy endpoints, ejections are ignored and all endpoints serve. Default 0.</summary>
    public int MinHealthPercent { get; } = detection.MinHealthPercent ?? 0;
}
