using Mesh.Cli.Input;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary>
/// The check before anything is sent: the server would refuse invalid input anyway, but locally every error
/// carries its file name, and a broken file never reaches the server.
/// </summary>
internal static class LocalValidation
{
    /// <summary>Prints every error (stderr, one line each) and returns false when the input must not be sent.</summary>
    /// <param name="input">The parsed input.</param>
    /// <param name="verb">What would have happened: "applied", "deleted".</param>
    /// <param name="error">Where to print.</param>
    public static bool Passes(PolicyInput input, string verb, TextWriter error)
    {
        var errors = DiagnosticWriter.WriteErrors(input.Result.Diagnostics, error);
        if (errors > 0)
        {
            error.WriteLine($"error: {errors} {(errors == 1 ? "error" : "errors")} in the input; nothing was {verb}");
            return false;
        }

        if (input.Result.Resources.Count == 0)
        {
            error.WriteLine($"error: no resources found in {string.Join(", ", input.Sources.Select(s => s.Name))}; nothing was {verb}");
            return false;
        }

        return true;
    }
}
