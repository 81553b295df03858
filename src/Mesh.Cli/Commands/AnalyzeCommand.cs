using System.CommandLine;
using Mesh.Cli.Input;
using Mesh.Policy.Validation;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>meshctl analyze -f FILE...</c>: what <c>apply</c> would say, and the cross-resource checks of
/// <c>istioctl analyze</c>, without a server. The report goes to stdout: it is the command's result.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(MeshCtlContext context)
    {
        var files = CommonOptions.Files("The files to analyze, as one set of resources.");
        files.Required = true;

        // "meshctl analyze -f *.yaml" is the common use; let the shell's list follow one -f.
        files.AllowMultipleArgumentsPerToken = true;
        var ns = CommonOptions.Namespace("Analyze as if applied with -n: resources naming no namespace go here.");

        var command = new Command("analyze", "Validate files offline: every error and warning, no server needed.") { files, ns };
        CommandRunner.SetAction(command, context, (parseResult, _) =>
        {
            var input = PolicyInput.Load(parseResult.GetValue(files)!, parseResult.GetValue(ns), context);
            var diagnostics = input.Result.Diagnostics.Concat(PolicyAnalyzer.Analyze(input.Result.Resources)).ToList();
            return Task.FromResult(Report(diagnostics, input, context.Out));
        });
        return command;
    }

    private static int Report(List<PolicyDiagnostic> diagnostics, PolicyInput input, TextWriter output)
    {
        foreach (var d in diagnostics)
        {
            output.WriteLine(d.ToString());
        }

        var (errors, warnings) = PolicyDiagnostic.Count(diagnostics);
        var scope = $"{Plural(input.Result.Resources.Count, "resource")} in {Plural(input.Sources.Count, "file")}";
        if (errors > 0)
        {
            output.WriteLine($"✘ {Plural(errors, "error")} and {Plural(warnings, "warning")} found; fix the errors before applying");
            return ExitCodes.Rejected;
        }

        output.WriteLine(warnings > 0
            ? $"✔ No errors; {Plural(warnings, "warning")} when analyzing {scope}"
            : $"✔ No validation issues found when analyzing {scope}");
        return ExitCodes.Success;
    }

    private static string Plural(int count, string noun) =>
        count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
}
