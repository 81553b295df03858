using System.Globalization;

namespace Mesh.Cli.Output;

/// <summary>kubectl's AGE column: the two most significant units while they matter (<c>5m12s</c>, <c>3h20m</c>), then one.</summary>
internal static class Age
{
    public const string Unknown = "<unknown>";

    public static string Since(DateTimeOffset? created, DateTimeOffset now) =>
        created is null ? Unknown : Format(now - created.Value);

    public static string Format(TimeSpan age)
    {
        // A clock slightly behind the server's must not print a negative age.
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        var seconds = (long)age.TotalSeconds;
        var minutes = (long)age.TotalMinutes;
        var hours = (long)age.TotalHours;
        var days = (long)age.TotalDays;
        if (seconds < 120)
        {
            return I($"{seconds}s");
        }

        if (minutes < 10)
        {
            return Two(minutes, "m", seconds % 60, "s");
        }

        if (hours < 3)
        {
            return I($"{minutes}m");
        }

        if (hours < 8)
        {
            return Two(hours, "h", minutes % 60, "m");
        }

        if (hours < 48)
        {
            return I($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            return Two(days, "d", hours % 24, "h");
        }

        if (days < 365 * 2)
        {
            return I($"{days}d");
        }

        return days < 365 * 8 ? Two(days / 365, "y", days % 365, "d") : I($"{days / 365}y");
    }

    // "5m" rather than "5m0s".
    private static string Two(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? I($"{major}{majorUnit}") : I($"{major}{majorUnit}{minor}{minorUnit}");

    private static string I(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
