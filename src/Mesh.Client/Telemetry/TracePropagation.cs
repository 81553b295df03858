namespace Mesh.Client.Telemetry;

/// <summary>
/// The trace-context header formats Mesh writes on outbound mesh requests. Inbound, every format is read
/// (<c>traceparent</c> first, then <c>b3</c>, then <c>X-B3-*</c>), whatever this says.
/// </summary>
[Flags]
public enum TracePropagation
{
    /// <summary>Write no trace context (the callee starts a new trace).</summary>
    None = 0,

    /// <summary>W3C Trace Context: <c>traceparent</c>, <c>tracestate</c> (and what else the process's
    /// <see cref="System.Diagnostics.DistributedContextPropagator.Current"/> writes, e.g. <c>baggage</c>).</summary>
    W3C = 1,

    /// <summary>Zipkin B3, one header per field: <c>X-B3-TraceId</c>, <c>X-B3-SpanId</c>, <c>X-B3-ParentSpanId</c>, <c>X-B3-Sampled</c> (what Envoy writes).</summary>
    B3Multi = 2,

    /// <summary>Zipkin B3, single header: <c>b3: {trace}-{span}-{sampled}-{parent}</c>.</summary>
    B3Single = 4,
}
