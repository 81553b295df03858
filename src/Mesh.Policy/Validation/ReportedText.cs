using System.Globalization;

namespace Mesh.Policy.Validation;

/// <summary>
/// Keeps text echoed from the input into diagnostics short: a multi-megabyte name or value repeated in every
/// diagnostic of its resource would make a rejection far larger than the input.
/// </summary>
internal static class ReportedText
{
    /// <summary>
    /// <paramref name="text"/> when it is at most <paramref name="max"/> characters; else its start and end (the end
    /// of a message says what to fix) around a note of how much was left out.
    /// </summary>
    public static string Shorten(string text, int max = Parsing.PolicyInputLimits.MaxReportedTextLength)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var head = max * 2 / 3;
        var tail = max - head;
        var omitted = text.Length - head - tail;
        return string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, head)}…[{omitted} characters left out]…{text.AsSpan(text.Length - tail)}");
    }

    /// <summary><see cref="Shorten"/> for optional text.</summary>
    public static string? ShortenOrNull(string? text) => text is null ? null : Shorten(text);
}
