using Microsoft.Extensions.Logging;

namespace Mesh.Client.Telemetry;

/// <summary>
/// Writes access-log records. Each field is a named property of the log state, so a JSON console or an
/// OpenTelemetry log exporter keeps them structured; the message reads like Envoy's default format.
/// </summary>
internal static partial class AccessLogWriter
{
    /// <summary>The logger category.</summary>
    public const string Category = "Mesh.AccessLog";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, EventName = "AccessLog",
        Message = "[{StartTime:O}] {Direction} \"{Method} {Path} {Protocol}\" {Status} {ResponseFlags} {BytesReceived} {BytesSent} {DurationMs:F1} \"{Authority}\" \"{UpstreamHost}\" {UpstreamCluster} peer={Peer} trace={TraceId} request={RequestId}")]
    public static partial void Log(ILogger logger, DateTimeOffset startTime, string direction, string method, string path, string protocol, int status, string responseFlags, long bytesReceived, long bytesSent, double durationMs, string authority, string upstreamHost, string upstreamCluster, string peer, string traceId, string requestId);
}
