namespace Mesh.Policy.Resources.Networking;

/// <summary>Retry policy of a route.</summary>
[UnsupportedField("retryRemoteLocalities", "locality-aware retries are not implemented")]
public sealed class HttpRetry
{
    /// <summary>The number of retries (attempts after the first). 0 disables retries.</summary>
    public int? Attempts { get; set; }

    /// <summary>Timeout of each attempt.</summary>
    public Duration? PerTryTimeout { get; set; }

    /// <summary>Comma-separated conditions: 5xx, gateway-error, reset, connect-failure, refused-stream, retriable-4xx, retriable-status-codes, or status codes.</summary>
    public string? RetryOn { get; set; }
}
