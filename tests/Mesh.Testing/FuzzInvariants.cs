using System.Text;
using Mesh.Policy.Validation;

namespace Mesh.Testing;

/// <summary>What every rejection of hostile input must give, and how to show such input in a failure message.</summary>
public static class FuzzInvariants
{
    /// <summary>The most diagnostics one parse may report: the bounded errors and warnings, and one "and N more" line each.</summary>
    public const int MaxDiagnostics = (2 * Mesh.Policy.Parsing.PolicyInputLimits.MaxReportedDiagnostics) + 2;

    /// <summary>
    /// True when a diagnostic says where or what: a field path, a document, a line and column, or a limit
    /// ("at most").
    /// </summary>
    public static bool NamesAFieldOrALimit(PolicyDiagnostic diagnostic) =>
        diagnostic.Path.Length > 0
        || diagnostic.Document > 0
        || (diagnostic.Message.Contains("line ", StringComparison.Ordinal) && diagnostic.Message.Contains("column ", StringComparison.Ordinal))
        || diagnostic.Message.Contains("at most ", StringComparison.Ordinal);

    /// <summary>The start of <paramref name="body"/>, escaped onto one line, with its length: enough to recognise it.</summary>
    public static string Show(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 160));
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            sb.Append(c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return $"{body.Length} bytes: {sb}";
    }
}
