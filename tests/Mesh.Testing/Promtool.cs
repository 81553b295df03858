using System.Diagnostics;

namespace Mesh.Testing;

/// <summary>Runs the real <c>promtool check metrics</c> (Debian package <c>prometheus</c>) on an exposition.</summary>
public static class Promtool
{
    /// <summary>
    /// The lint problems promtool reports (one per line; empty when clean). Fails when promtool cannot parse the
    /// text (exit code 1), or is not installed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("promtool is not installed: apt-get install -y prometheus (scripts/test.sh does it)", ex);
        }

        using (process)
        {
            await process.StandardInput.WriteAsync(exposition);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var text = await output + await error;
            // promtool: 0 = clean, 3 = lint problems (listed), anything else = the text did not parse.
            if (process.ExitCode is not (0 or 3))
            {
                throw new InvalidOperationException($"promtool check metrics failed with exit code {process.ExitCode}: {text}");
            }

            return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
    }

    /// <summary>
    /// Istio's own name <c>istio_request_duration_milliseconds</c> is not in seconds, which promtool's linter flags;
    /// Mesh keeps the name so that Istio's dashboards work. Every other problem is a real one.
    /// </summary>
    public static bool IsIstioUnitLint(string problem) =>
        problem.StartsWith("istio_request_duration_milliseconds use base unit \"seconds\"", StringComparison.Ordinal);
}
