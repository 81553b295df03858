using System.Globalization;

namespace Mesh.Testing;

/// <summary>Reads values out of a Prometheus text exposition, for assertions.</summary>
public static class Exposition
{
    /// <summary>
    /// The sum of the samples named exactly <paramref name="name"/> that carry every one of <paramref name="labels"/>
    /// (other labels may be present); null when none does.
    /// </summary>
    public static double? Value(string text, string name, params (string Label, string Value)[] labels)
    {
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var metric = brace >= 0 ? line[..brace] : line[..space];
            if (metric != name || !labels.All(l => line.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                continue;
            }

            sum = (sum ?? 0) + double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return sum;
    }
}
