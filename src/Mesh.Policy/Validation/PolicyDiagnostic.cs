using System.Text;

namespace Mesh.Policy.Validation;

/// <summary>
/// One problem found in policy input: where it is (source, document, resource, field path) and what to fix.
/// </summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Source">The file (or other source) the document came from, if known.</param>
/// <param name="Document">The 1-based index of the document within its source, or 0 when not known.</param>
/// <param name="Kind">The resource kind, when it could be read.</param>
/// <param name="Namespace">The resource namespace, when it could be read.</param>
/// <param name="Name">The resource name, when it could be read.</param>
/// <param name="Path">The field path inside the resource (<c>spec.http[0].route[1].weight</c>), or empty.</param>
/// <param name="Message">What is wrong and, where possible, what to write instead.</param>
public sealed record PolicyDiagnostic(
    DiagnosticSeverity Severity,
    string? Source,
    int Document,
    string? Kind,
    string? Namespace,
    string? Name,
    string Path,
    string Message)
{
    /// <summary>
    /// A stable code for diagnostics that tools may want to tell apart, e.g. <see cref="NotEnforcedCode"/>; null
    /// for most.
    /// </summary>
    public string? Code { get; init; }

    /// <summary>The code of warnings about valid policy whose effect Mesh does not produce yet.</summary>
    public const string NotEnforcedCode = "NotEnforced";

    /// <summary>
    /// For the line that stands for diagnostics left out of a report ("and N more errors not shown"), N; 0 for every
    /// other diagnostic.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int Omitted { get; init; }

    /// <summary>How many errors and warnings <paramref name="diagnostics"/> report, those left out behind an "and N more" line included.</summary>
    public static (int Errors, int Warnings) Count(IEnumerable<PolicyDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        int errors = 0, warnings = 0;
        foreach (var d in diagnostics)
        {
            var count = d.Omitted > 0 ? d.Omitted : 1;
            if (d.IsError)
            {
                errors += count;
            }
            else
            {
                warnings += count;
            }
        }

        return (errors, warnings);
    }

    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>
    /// Formats the diagnostic as one line: <c>FILE[#N] Kind namespace/name: field.path: message</c>.
    /// Parts that are not known are left out.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (!string.IsNullOrEmpty(Source))
        {
            sb.Append(Source);
        }

        if (Document > 0)
        {
            sb.Append("[#").Append(Document).Append(']');
        }

        if (!string.IsNullOrEmpty(Kind))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(Kind);
            if (!string.IsNullOrEmpty(Name))
            {
                sb.Append(' ').Append(string.IsNullOrEmpty(Namespace) ? Name : Namespace + "/" + Name);
            }
        }

        if (sb.Length > 0)
        {
            sb.Append(": ");
        }

        if (!string.IsNullOrEmpty(Path))
        {
            sb.Append(Path).Append(": ");
        }

        if (Severity == DiagnosticSeverity.Warning)
        {
            sb.Append("warning: ");
        }

        sb.Append(Message);
        return sb.ToString();
    }
}
