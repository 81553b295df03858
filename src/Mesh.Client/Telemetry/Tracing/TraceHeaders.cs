namespace Mesh.Client.Telemetry.Tracing;

/// <summary>The trace-context header names Mesh reads and writes.</summary>
internal static class TraceHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string B3 = "b3";
    public const string B3TraceId = "X-B3-TraceId";
    public const string B3SpanId = "X-B3-SpanId";
    public const string B3ParentSpanId = "X-B3-ParentSpanId";
    public const string B3Sampled = "X-B3-Sampled";
    public const string B3Flags = "X-B3-Flags";
}
