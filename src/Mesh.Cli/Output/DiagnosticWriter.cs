using Mesh.Policy.Validation;

namespace Mesh.Cli.Output;

/// <summary>Writes diagnostics one per line, in the shared format <c>FILE[#N] Kind namespace/name: field.path: message</c>.</summary>
internal static class DiagnosticWriter
{
    /// <summary>Writes the errors among <paramref name="diagnostics"/>, in input order.</summary>
    public static int WriteErrors(IEnumerable<PolicyDiagnostic> diagnostics, TextWriter writer)
    {
        var count = 0;
        foreach (var d in diagnostics)
        {
            if (d.IsError)
            {
                writer.WriteLine(d.ToString());
                count++;
            }
        }

        return count;
    }

    /// <summary>Writes the warnings among <paramref name="diagnostics"/> as kubectl does: <c>Warning: ...</c>.</summary>
    public static void WriteWarnings(IEnumerable<PolicyDiagnostic> diagnostics, TextWriter writer)
    {
        foreach (var d in diagnostics)
        {
            if (!d.IsError)
            {
                writer.WriteLine("Warning: " + WithoutSeverity(d));
            }
        }
    }

    /// <summary>
    /// The one-line form without the "warning: " that <see cref="PolicyDiagnostic.ToString"/> puts before a warning's
    /// message, for lines that already start with "Warning: ".
    /// </summary>
    public static string WithoutSeverity(PolicyDiagnostic diagnostic) =>
        (diagnostic with { Severity = DiagnosticSeverity.Error }).ToString();

    /// <summary>
    /// The identity of a diagnostic regardless of where it was reported from: the server labels its input
    /// differently from the local file names, and the same warning must not be printed twice.
    /// </summary>
    public static string Identity(PolicyDiagnostic d) => WithoutSeverity(d with { Source = null, Document = 0 });
}
