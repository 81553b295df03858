using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Mesh.Client.Telemetry.Tracing;

/// <summary>
/// Reads the caller's trace context from an inbound request: W3C <c>traceparent</c>/<c>tracestate</c> first,
/// then B3 single (<c>b3</c>), then B3 multi (<c>X-B3-*</c>). A malformed header is ignored (the next format is
/// tried), never an error: a bad trace header must not fail a request.
/// </summary>
internal static class IncomingTraceContext
{
    /// <summary>
    /// True when the request carries a trace context. <paramref name="sampled"/> is the caller's decision, or null
    /// when B3 defers it (no sampling field): then the local sampler decides.
    /// </summary>
    public static bool TryExtract(IHeaderDictionary headers, out ActivityContext context, out bool? sampled)
    {
        sampled = null;
        if (headers.TryGetValue(TraceHeaders.TraceParent, out var traceParent) && traceParent.Count == 1)
        {
            headers.TryGetValue(TraceHeaders.TraceState, out var traceState);
            if (ActivityContext.TryParse(traceParent[0], traceState.Count == 1 ? traceState[0] : null, isRemote: true, out context))
            {
                sampled = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0;
                return true;
            }
        }

        if (headers.TryGetValue(TraceHeaders.B3, out var b3) && b3.Count == 1 && TryParseB3Single(b3[0], out context, out sampled))
        {
            return true;
        }

        if (headers.TryGetValue(TraceHeaders.B3TraceId, out var traceId) && headers.TryGetValue(TraceHeaders.B3SpanId, out var spanId)
            && TryIds(traceId.ToString(), spanId.ToString(), out var trace, out var span))
        {
            sampled = headers.TryGetValue(TraceHeaders.B3Flags, out var flags) && flags.ToString() == "1"
                ? true
                : headers.TryGetValue(TraceHeaders.B3Sampled, out var s) ? ParseSampled(s.ToString()) : null;
            context = new ActivityContext(trace, span, sampled == false ? ActivityTraceFlags.None : ActivityTraceFlags.Recorded, isRemote: true);
            return true;
        }

        context = default;
        return false;
    }

    /// <summary><c>{traceId}-{spanId}[-{sampled}[-{parentSpanId}]]</c>; a bare <c>0</c>/<c>1</c>/<c>d</c> has no ids and starts no context.</summary>
    internal static bool TryParseB3Single(string? value, out ActivityContext context, out bool? sampled)
    {
        context = default;
        sampled = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var span = value.AsSpan();
        var first = span.IndexOf('-');
        if (first <= 0)
        {
            return false;
        }

        var rest = span[(first + 1)..];
        var second = rest.IndexOf('-');
        var spanPart = second < 0 ? rest : rest[..second];
        if (second >= 0)
        {
            var flags = rest[(second + 1)..];
            var third = flags.IndexOf('-');
            sampled = ParseSampled(third < 0 ? flags : flags[..third]);
            if (sampled is null && flags.Length > 0 && flags[0] != '-')
            {
                return false; // an unknown sampling state: the header is malformed
            }
        }

        if (!TryIds(span[..first], spanPart, out var trace, out var spanId))
        {
            return false;
        }

        context = new ActivityContext(trace, spanId, sampled == false ? ActivityTraceFlags.None : ActivityTraceFlags.Recorded, isRemote: true);
        return true;
    }

    private static bool? ParseSampled(ReadOnlySpan<char> value) => value switch
    {
        "1" or "d" or "true" => true,
        "0" or "false" => false,
        _ => null,
    };

    /// <summary>B3 trace ids are 16 or 32 lower-case hex digits; a 64-bit id is left-padded with zeros, as W3C does.</summary>
    private static bool TryIds(ReadOnlySpan<char> traceId, ReadOnlySpan<char> spanId, out ActivityTraceId trace, out ActivitySpanId span)
    {
        trace = default;
        span = default;
        if ((traceId.Length != 16 && traceId.Length != 32) || spanId.Length != 16 || !IsLowerHex(traceId) || !IsLowerHex(spanId) || IsZeros(traceId) || IsZeros(spanId))
        {
            return false;
        }

        Span<char> padded = stackalloc char[32];
        padded.Fill('0');
        traceId.CopyTo(padded[(32 - traceId.Length)..]);
        trace = ActivityTraceId.CreateFromString(padded);
        span = ActivitySpanId.CreateFromString(spanId);
        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsZeros(ReadOnlySpan<char> value) => !value.ContainsAnyExcept('0');
}
