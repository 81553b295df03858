namespace Mesh.Client.Http;

/// <summary>
/// Envoy-style response flags for decisions the mesh made itself, sent in the <see cref="Header"/> response
/// header so that a caller (or a log) can tell a mesh decision from an upstream answer.
/// </summary>
public static class ResponseFlags
{
    /// <summary>The response header that carries the flag.</summary>
    public const string Header = "x-mesh-reason";

    /// <summary>No route matched the request (404).</summary>
    public const string NoRoute = "NR";

    /// <summary>The route names a destination or subset that does not exist (503).</summary>
    public const string NoCluster = "NC";

    /// <summary>No healthy endpoint in the chosen subset (503).</summary>
    public const string NoHealthyUpstream = "UH";

    /// <summary>The connection to the endpoint could not be made, or its TLS handshake failed, e.g. the server showed another identity (503).</summary>
    public const string UpstreamConnectionFailure = "UF";

    /// <summary>The endpoint reset or closed the connection before answering (503).</summary>
    public const string UpstreamConnectionTermination = "UC";

    /// <summary>Every retry was used and the last attempt still failed.</summary>
    public const string RetryLimitExceeded = "URX";

    /// <summary>The route timeout or the last per-try timeout passed (504).</summary>
    public const string UpstreamTimeout = "UT";

    /// <summary>A connection-pool limit of the destination was reached; the request was refused at once (503).</summary>
    public const string UpstreamOverflow = "UO";

    /// <summary>A fault was injected: the request was aborted with the policy's status.</summary>
    public const string FaultInjected = "FI";

    /// <summary>A fault was injected: the request was delayed.</summary>
    public const string DelayInjected = "DI";

    /// <summary>Egress is REGISTRY_ONLY and the host is neither a mesh service nor in a ServiceEntry (502).</summary>
    public const string EgressBlocked = "EB";
}
