using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Mesh.Server.Hosting;

namespace Mesh.Server.Tests;

/// <summary>The control server as a real child process (dotnet Mesh.Server.dll), for tests that kill it.</summary>
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

    /// <summary>Every line the process wrote, standard output and error.</summary>
    public ConcurrentQueue<string> Output { get; }

    /// <summary>Starts the server on a free port; <paramref name="arguments"/> are added to the command line.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] arguments)
    {
        var dll = typeof(MeshServer).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--listen", "http://127.0.0.1:0", "--data-dir", dataDirectory }.Concat(arguments))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }

            if (e.Data is not null && ListeningLine().Match(e.Data) is { Success: true } match)
            {
                address.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await address.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new ServerProcess(process, started, output);
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

    [GeneratedRegex(@"listening on (http://\S+?)/? ")]
    private static partial Regex ListeningLine();
}
