namespace Mesh.Policy.Resources.Networking;

/// <summary>Ejects endpoints that keep failing, for a time that grows with each ejection.</summary>
[UnsupportedField("consecutiveErrors", "deprecated in Istio; use consecutive5xxErrors")]
[UnsupportedField("splitExternalLocalOriginErrors")]
[UnsupportedField("consecutiveLocalOriginFailures")]
public sealed class OutlierDetection
{
    /// <summary>Consecutive gateway errors (502, 503, 504, connect failures) before ejection.</summary>
    public int? ConsecutiveGatewayErrors { get; set; }

    /// <summary>Consecutive 5xx errors before ejection. Default 5.</summary>
    public int? Consecutive5xxErrors { get; set; }

    /// <summary>How often ejections are evaluated. Default 10s.</summary>
    public Duration? Interval { get; set; }

    /// <summary>Minimum ejection time, multiplied by the number of ejections. Default 30s.</summary>
    public Duration? BaseEjectionTime { get; set; }

    /// <summary>Maximum share of endpoints ejected. Default 10.</summary>
    public int? MaxEjectionPercent { get; set; }

    /// <summary>Outlier detection is off while fewer than this share of endpoints is healthy. Default 0.</summary>
    public int? MinHealthPercent { get; set; }
}
