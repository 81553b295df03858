namespace Mesh.Policy.Resources.Networking;

/// <summary>The named conditions of a <c>retryOn</c> list, as Envoy and Istio spell them (status codes aside).</summary>
[Flags]
public enum RetryTriggers
{
    /// <summary>No named condition.</summary>
    None = 0,

    /// <summary><c>5xx</c>: any 5xx response, a reset, a connect failure or a per-try timeout.</summary>
    Any5xx = 1 << 0,

    /// <summary><c>gateway-error</c>: 502, 503 or 504.</summary>
    GatewayError = 1 << 1,

    /// <summary><c>reset</c>: the connection was reset or the attempt timed out with no response.</summary>
    Reset = 1 << 2,

    /// <summary><c>reset-before-request</c>: read by Mesh as <see cref="Reset"/>.</summary>
    ResetBeforeRequest = 1 << 3,

    /// <summary><c>http3-post-connect-failure</c>: read by Mesh as <see cref="Reset"/>.</summary>
    Http3PostConnectFailure = 1 << 4,

    /// <summary><c>connect-failure</c>: the connection (or its TLS handshake) could not be made.</summary>
    ConnectFailure = 1 << 5,

    /// <summary><c>refused-stream</c>: HTTP/2 REFUSED_STREAM.</summary>
    RefusedStream = 1 << 6,

    /// <summary><c>retriable-4xx</c>: 409.</summary>
    Retriable4xx = 1 << 7,

    /// <summary><c>retriable-status-codes</c>: the numeric entries of the list (Istio adds this token for them).</summary>
    RetriableStatusCodes = 1 << 8,

    /// <summary><c>cancelled</c>: gRPC status 1.</summary>
    Cancelled = 1 << 9,

    /// <summary><c>deadline-exceeded</c>: gRPC status 4.</summary>
    DeadlineExceeded = 1 << 10,

    /// <summary><c>resource-exhausted</c>: gRPC status 8.</summary>
    ResourceExhausted = 1 << 11,

    /// <summary><c>internal</c>: gRPC status 13.</summary>
    Internal = 1 << 12,

    /// <summary><c>unavailable</c>: gRPC status 14.</summary>
    Unavailable = 1 << 13,
}
