namespace Mesh.Client.Telemetry;

/// <summary>
/// The mesh's access log: one structured log record per request, inbound and outbound, with Envoy's fields
/// (start time, method, path, protocol, status, response flags, duration, upstream host, bytes, peer, trace id,
/// request id), written through <c>ILogger</c> under the category <c>Mesh.AccessLog</c>. Off by default.
/// </summary>
public sealed class AccessLogOptions
{
    /// <summary>Whether requests are logged. <value>Default: false.</value> Env: <c>MESH_ACCESS_LOG</c> (<c>all</c>, <c>errors</c> or <c>off</c>).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Log only failures: a status of 400 or more, a response flag (a mesh decision), or an exception.
    /// <value>Default: false.</value>
    /// </summary>
    public bool ErrorsOnly { get; set; }

    /// <summary>Log requests this service receives. <value>Default: true.</value></summary>
    public bool Inbound { get; set; } = true;

    /// <summary>Log requests this service sends to mesh services. <value>Default: true.</value></summary>
    public bool Outbound { get; set; } = true;

    internal bool Admits(int status, string flags, bool failed) =>
        !ErrorsOnly || failed || status >= 400 || status == 0 || flags != Metrics.IstioLabels.NoFlags;
}
