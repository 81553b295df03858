using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Mesh.Server.Hosting;

namespace Mesh.Server.Tests;

/// <summary>The control server as a real child process (dotnet Mesh.Server.dll), for tests that kill it or read its exit.</summary>
internal sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address, ConcurrentQueue<string> output)
    {
        _process = process;
        Address = address;
        Output = output;
    }

    public Uri Address { get; }

    /// <summary>True once the process has ended (killed, or crashed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Every line the process wrote to stdout and stderr so far, in arrival order per stream.</summary>
    public ConcurrentQueue<string> Output { get; }

    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var output = new ConcurrentQueue<string>();
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Launch(dataDirectory, extraArgs, line =>
        {
            output.Enqueue(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                address.TrySetResult(new Uri(match.Groups[1].Value));
            }
        });
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(address.Task, exited).WaitAsync(TimeSpan.FromSeconds(60));
        if (first != address.Task)
        {
            throw new InvalidOperationException($"the server exited with {process.ExitCode} before listening: {string.Join(" | ", output)}");
        }

        return new ServerProcess(process, await address.Task, output);
    }

    /// <summary>Runs a server that is expected to stop by itself (a start that must fail); kills it after a minute.</summary>
    public static Task<(int ExitCode, IReadOnlyList<string> StdOut, IReadOnlyList<string> StdErr)> RunToExitAsync(string dataDirectory, params string[] extraArgs) =>
        RunToExitAsync(dataDirectory, new Dictionary<string, string>(), extraArgs);

    /// <summary>As <see cref="RunToExitAsync(string, string[])"/>, with <paramref name="environment"/> added to the process's.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> StdOut, IReadOnlyList<string> StdErr)> RunToExitAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        using var process = Launch(dataDirectory, extraArgs, stdout.Enqueue, stderr.Enqueue, environment);
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the server did not exit: {string.Join(" | ", stdout)}");
        }

        // The parameterless wait also drains the redirected streams.
        process.WaitForExit();
        return (process.ExitCode, [.. stdout], [.. stderr]);
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power loss of the process.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static Process Launch(string dataDirectory, string[] extraArgs, Action<string> onOutput, Action<string>? onError = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var arg in new[] { typeof(MeshServer).Assembly.Location, "--listen", "http://127.0.0.1:0", "--data-dir", dataDirectory }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                (onError ?? onOutput)(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    [GeneratedRegex(@"listening on (http://\S+?)/? ")]
    private static partial Regex ListeningLine();
}
