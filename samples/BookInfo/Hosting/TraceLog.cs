using System.Diagnostics;

namespace BookInfo.Hosting;

/// <summary>
/// <c>--trace-log</c>: an <see cref="ActivityListener"/> on Mesh's spans that writes one line per span, so that a
/// request's trace across the services can be followed in their logs without a tracing backend. Parent-based
/// sampling, as OpenTelemetry's default sampler: a caller's "not sampled" is kept. One listener per process (in the
/// all-in-one mode the services share it; each line names the span's service).
/// </summary>
internal static partial class TraceLog
{
    public const string Category = "Mesh.Trace";

    private static int s_attached;

    public static void Attach(ILoggerFactory loggers)
    {
        if (Interlocked.Exchange(ref s_attached, 1) == 1)
        {
            return;
        }

        var logger = loggers.CreateLogger(Category);
        ActivitySource.AddActivityListener(new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "Mesh",
            Sample = static (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent == default || (options.Parent.TraceFlags & ActivityTraceFlags.Recorded) != 0
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.PropagationData,
            ActivityStopped = span =>
            {
                if (span.Recorded)
                {
                    var service = span.GetTagItem("mesh.destination.service") as string ?? "-";
                    var status = span.GetTagItem("http.response.status_code")?.ToString() ?? "-";
                    var (trace, id, parent, kind) = (span.TraceId.ToHexString(), span.SpanId.ToHexString(), span.ParentSpanId.ToHexString(), span.Kind.ToString());
                    Log(logger, trace, id, parent, kind, span.DisplayName, service, status, span.Duration.TotalMilliseconds);
                }
            },
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "span trace={TraceId} span={SpanId} parent={ParentSpanId} kind={Kind} name={Name} service={Service} status={Status} {DurationMs:F1} ms")]
    private static partial void Log(ILogger logger, string traceId, string spanId, string parentSpanId, string kind, string name, string service, string status, double durationMs);
}
