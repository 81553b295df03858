using System.Diagnostics;

namespace Mesh.Client.Telemetry.Tracing;

/// <summary>
/// Writes a span's context on an outbound mesh request, replacing what the request carried (a retried request is
/// the same message). W3C goes through <see cref="DistributedContextPropagator.Current"/>, so a process that
/// configured another propagator (or baggage) keeps it; B3 is written here.
/// </summary>
internal static class OutgoingTraceContext
{
    private static readonly DistributedContextPropagator.PropagatorSetterCallback Setter = static (carrier, name, value) =>
    {
        var request = (HttpRequestMessage)carrier!;
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    };

    public static void Inject(HttpRequestMessage request, Activity span, TracePropagation formats)
    {
        if ((formats & TracePropagation.W3C) != 0)
        {
            DistributedContextPropagator.Current.Inject(span, request, Setter);
        }

        if ((formats & (TracePropagation.B3Multi | TracePropagation.B3Single)) == 0 || span.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        var traceId = span.TraceId.ToHexString();
        var spanId = span.SpanId.ToHexString();
        var sampled = span.Recorded ? "1" : "0";
        var parent = span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString();
        var headers = request.Headers;
        if ((formats & TracePropagation.B3Multi) != 0)
        {
            Set(headers, TraceHeaders.B3TraceId, traceId);
            Set(headers, TraceHeaders.B3SpanId, spanId);
            Set(headers, TraceHeaders.B3Sampled, sampled);
            headers.Remove(TraceHeaders.B3ParentSpanId);
            if (parent is not null)
            {
                headers.TryAddWithoutValidation(TraceHeaders.B3ParentSpanId, parent);
            }
        }

        if ((formats & TracePropagation.B3Single) != 0)
        {
            Set(headers, TraceHeaders.B3, parent is null ? $"{traceId}-{spanId}-{sampled}" : $"{traceId}-{spanId}-{sampled}-{parent}");
        }
    }

    private static void Set(System.Net.Http.Headers.HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
