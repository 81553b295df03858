using System.Globalization;
using Mesh.Policy.Validation;

namespace Mesh.Policy.Parsing;

/// <summary>
/// Bounds what a parse reports (<see cref="PolicyInputLimits.MaxReportedDiagnostics"/> errors and as many warnings,
/// in input order), summing up the rest in one "and N more" line per severity: 100,000 empty list items make
/// 100,000 errors, and printing or sending them all costs more than finding them, and helps nobody.
/// </summary>
internal static class ReportedDiagnostics
{
    public static List<PolicyDiagnostic> Bound(List<PolicyDiagnostic> diagnostics)
    {
        const int Max = PolicyInputLimits.MaxReportedDiagnostics;
        if (diagnostics.Count <= Max)
        {
            return diagnostics;
        }

        var kept = new List<PolicyDiagnostic>(Max + 2);
        int errors = 0, warnings = 0;
        foreach (var d in diagnostics)
        {
            if ((d.IsError ? ++errors : ++warnings) <= Max)
            {
                kept.Add(d);
            }
        }

        if (errors > Max)
        {
            kept.Add(More(DiagnosticSeverity.Error, errors - Max, "errors"));
        }

        if (warnings > Max)
        {
            kept.Add(More(DiagnosticSeverity.Warning, warnings - Max, "warnings"));
        }

        return kept;
    }

    private static PolicyDiagnostic More(DiagnosticSeverity severity, int count, string what) =>
        new(severity, null, 0, null, null, null, "", string.Create(CultureInfo.InvariantCulture,
            $"and {count} more {what} not shown; Mesh reports at most {PolicyInputLimits.MaxReportedDiagnostics} {what} per input: fix these and check again"))
        {
            Omitted = count,
        };
}
