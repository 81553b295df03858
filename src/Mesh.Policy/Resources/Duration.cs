using System.Globalization;
using System.Text;

namespace Mesh.Policy.Resources;

/// <summary>
/// A protobuf-style duration as Istio writes it: <c>7s</c>, <c>0.5s</c>, <c>100ms</c>, <c>1m</c>, <c>1h</c>,
/// or a sequence such as <c>1h30m</c>. Units: <c>h</c>, <c>m</c>, <c>s</c>, <c>ms</c>, <c>us</c> (or <c>µs</c>), <c>ns</c>.
/// </summary>
public readonly record struct Duration(TimeSpan Value)
{
    // TimeSpan.MaxValue.Ticks is long.MaxValue; a tick is 100ns.
    private const decimal MaxNanos = long.MaxValue * 100m;

    /// <summary>Parses <paramref name="text"/>; returns false with a message that says what is wrong.</summary>
    public static bool TryParse(string? text, out Duration duration, out string? error)
    {
        duration = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty duration: write a number with a unit, e.g. \"5s\", \"100ms\" or \"1m\"";
            return false;
        }

        var s = text.Trim();
        if (s[0] == '-')
        {
            error = $"negative duration \"{text}\": durations must be zero or more";
            return false;
        }

        decimal totalNanos = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i)
            {
                error = $"invalid duration \"{text}\": expected a number at \"{s[start..]}\" (e.g. \"5s\", \"0.5s\", \"100ms\")";
                return false;
            }

            if (!decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"invalid duration \"{text}\": \"{s[start..i]}\" is not a number";
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            var unit = s[unitStart..i];
            decimal? nanosPerUnit = unit switch
            {
                "h" => 3_600_000_000_000m,
                "m" => 60_000_000_000m,
                "s" => 1_000_000_000m,
                "ms" => 1_000_000m,
                "us" or "µs" or "μs" => 1_000m,
                "ns" => 1m,
                _ => null,
            };
            if (nanosPerUnit is null)
            {
                error = unit.Length == 0
                    ? $"invalid duration \"{text}\": missing unit (write \"{s}s\" for seconds; units are h, m, s, ms, us, ns)"
                    : $"invalid duration \"{text}\": unknown unit \"{unit}\" (units are h, m, s, ms, us, ns)";
                return false;
            }

            // Compare before multiplying: a huge number times the unit would overflow decimal itself.
            if (number > (MaxNanos - totalNanos) / nanosPerUnit.Value)
            {
                error = $"duration \"{text}\" is too large";
                return false;
            }

            totalNanos += number * nanosPerUnit.Value;
        }

        duration = new Duration(TimeSpan.FromTicks((long)decimal.Round(totalNanos / 100m)));
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static Duration Parse(string text) =>
        TryParse(text, out var d, out var error) ? d : throw new FormatException(error);

    /// <summary>
    /// Writes the shortest natural form: <c>1h</c>, <c>1m30s</c>, <c>7s</c>, <c>1.5s</c>; under a second, in
    /// milliseconds (<c>100ms</c>, <c>500ms</c> for <c>0.5s</c>) or microseconds.
    /// </summary>
    public override string ToString()
    {
        var ticks = Value.Ticks;
        if (ticks == 0)
        {
            return "0s";
        }

        if (ticks < TimeSpan.TicksPerSecond)
        {
            return ticks % TimeSpan.TicksPerMillisecond == 0
                ? (ticks / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture) + "ms"
                : (ticks / 10m).ToString(CultureInfo.InvariantCulture) + "us";
        }

        var sb = new StringBuilder();
        var hours = ticks / TimeSpan.TicksPerHour;
        ticks -= hours * TimeSpan.TicksPerHour;
        var minutes = ticks / TimeSpan.TicksPerMinute;
        ticks -= minutes * TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        if (ticks > 0)
        {
            var seconds = ticks / (decimal)TimeSpan.TicksPerSecond;
            sb.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        }

        return sb.ToString();
    }
}
