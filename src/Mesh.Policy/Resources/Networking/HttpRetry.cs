using System.Text.Json.Serialization;

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
    /// <remarks>Setting it (as the binder does) reads it into <see cref="Conditions"/>.</remarks>
    public string? RetryOn
    {
        get;
        set
        {
            field = value;
            Conditions = value is null ? null : RetryOnConditions.Parse(value);
        }
    }

    /// <summary><see cref="RetryOn"/> read once, for the validator and the client; null when it is not set.</summary>
    [JsonIgnore]
    public RetryOnConditions? Conditions { get; private set; }
}
