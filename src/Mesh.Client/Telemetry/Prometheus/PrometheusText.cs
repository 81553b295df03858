using System.Globalization;
using System.Text;

namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>
/// Writes aggregated instruments in the Prometheus text exposition format 0.0.4: <c># HELP</c> and <c># TYPE</c>
/// per family; counters named <c>..._total</c>; histograms as cumulative <c>_bucket{le=..}</c>, <c>_sum</c>,
/// <c>_count</c>; names reduced to <c>[a-zA-Z0-9_:]</c>; label values escaped. Series whose labels render the same
/// are merged.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The content type of this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IReadOnlyList<InstrumentState> instruments)
    {
        var text = new StringBuilder(4096);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in instruments)
        {
            var name = MetricName(state);
            if (!seen.Add(name))
            {
                continue; // the same name from two meters (two apps' scopes): the first wins
            }

            var type = state.Kind switch
            {
                MetricKind.Counter or MetricKind.ObservedCounter => "counter",
                MetricKind.Histogram => "histogram",
                _ => "gauge",
            };
            text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(state.Instrument.Description ?? state.Instrument.Name)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            if (state.Kind == MetricKind.Histogram)
            {
                WriteHistogram(text, name, state);
            }
            else
            {
                foreach (var (labels, series) in Group(state))
                {
                    var value = state.Kind == MetricKind.Gauge || state.Kind == MetricKind.ObservedCounter ? series[^1].Value : Sum(series);
                    text.Append(name).Append(labels).Append(' ').Append(Number(value)).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static void WriteHistogram(StringBuilder text, string name, InstrumentState state)
    {
        foreach (var (labels, series) in Group(state))
        {
            long cumulative = 0;
            for (var b = 0; b <= state.Bounds.Length; b++)
            {
                foreach (var s in series)
                {
                    cumulative += s.Buckets[b];
                }

                var le = b < state.Bounds.Length ? Number(state.Bounds[b]) : "+Inf";
                text.Append(name).Append("_bucket").Append(WithLabel(labels, "le", le)).Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            long count = 0;
            foreach (var s in series)
            {
                count += s.Count;
            }

            text.Append(name).Append("_sum").Append(labels).Append(' ').Append(Number(Sum(series))).Append('\n');
            text.Append(name).Append("_count").Append(labels).Append(' ').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    /// <summary>Series by rendered label set, in a stable order.</summary>
    private static SortedDictionary<string, List<Series>> Group(InstrumentState state)
    {
        var groups = new SortedDictionary<string, List<Series>>(StringComparer.Ordinal);
        foreach (var series in state.Series)
        {
            var labels = Labels(series.Tags);
            if (!groups.TryGetValue(labels, out var list))
            {
                groups[labels] = list = [];
            }

            list.Add(series);
        }

        return groups;
    }

    private static double Sum(List<Series> series)
    {
        var sum = 0.0;
        foreach (var s in series)
        {
            sum += s.Value;
        }

        return sum;
    }

    /// <summary><c>{a="x",b="y"}</c> in the tags' order (Istio's), or empty.</summary>
    internal static string Labels(KeyValuePair<string, object?>[] tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var text = new StringBuilder("{");
        var first = true;
        foreach (var (key, value) in tags)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            text.Append(Sanitize(key)).Append("=\"").Append(EscapeValue(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }

        return text.Append('}').ToString();
    }

    private static string WithLabel(string labels, string name, string value) =>
        labels.Length == 0 ? "{" + name + "=\"" + value + "\"}" : labels[..^1] + "," + name + "=\"" + value + "\"}";

    private static string MetricName(InstrumentState state)
    {
        var name = Sanitize(state.Instrument.Name);
        return state.Kind is MetricKind.Counter or MetricKind.ObservedCounter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    /// <summary>Every character outside <c>[a-zA-Z0-9_:]</c> becomes <c>_</c>; a leading digit gets a <c>_</c> before it.</summary>
    internal static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not ('_' or ':'))
            {
                chars[i] = '_';
            }
        }

        var sanitized = new string(chars);
        return sanitized.Length > 0 && char.IsAsciiDigit(sanitized[0]) ? "_" + sanitized : sanitized;
    }

    internal static string EscapeValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
