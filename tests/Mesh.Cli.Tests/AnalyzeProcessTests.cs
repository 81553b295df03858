using System.Diagnostics;
using Mesh.Cli.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Cli.Tests;

/// <summary>
/// meshctl as a real process on input that used to abort it (exit 134 from a stack overflow, which no in-process
/// test survives): it must exit with its own code and a message.
/// </summary>
public class AnalyzeProcessTests
{
    [Theory]
    [InlineData("a: &a [*a]", "refers to the node that contains it (a recursive alias)")]
    [InlineData("nested", "the input nests deeper than 64 levels at line 1, column 65; Mesh accepts at most 64")]
    public async Task Analyze_FileThatUsedToOverflowTheStack_ExitsOneWithTheReason(string content, string reason)
    {
        using var dir = new TempDirectory();
        dir.Write("bad.yaml", content == "nested" ? new string('[', 100_000) + new string(']', 100_000) : content);

        var (exitCode, output) = await RunMeshCtlAsync(dir.Path, "analyze", "-f", "bad.yaml");

        Assert.True(exitCode == 1, $"exit {exitCode}\n{output}");
        Assert.Contains("bad.yaml: ", output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
        Assert.Contains("✘ 1 error", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunMeshCtlAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(MeshCtl).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Never the developer's server or token.
        info.Environment.Remove("MESH_SERVER");
        info.Environment.Remove("MESH_TOKEN");

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // A guard so that a hang fails the test; generous, as the machine may be busy.
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("meshctl did not exit within 60 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
