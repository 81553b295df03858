using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using BookInfo.Hosting;

namespace Mesh.BookInfo.Tests.Infrastructure;

/// <summary>
/// The real sample as a child process (<c>dotnet samples/BookInfo/bin/.../BookInfo.dll ARGS</c>), started as a user
/// starts it, with its output kept for the assertions and for failure messages.
/// </summary>
internal sealed partial class BookInfoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BookInfoProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The sample's own build output, beside the test's (same configuration).</summary>
    public static string SampleDll { get; } = LocateSample();

    public static BookInfoProcess Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(SampleDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test's own environment must not leak into the sample's choices.
        info.Environment.Remove("MESH_JOIN_TOKEN");
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("DOTNET_URLS");

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new BookInfoProcess(process, string.Join(' ', args));
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Exited += (_, _) => started.Append(null);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The URL on the banner line of <paramref name="name"/> (<c>reviews v2</c>, <c>control server</c>), scheme and authority only.</summary>
    public async Task<Uri> WaitForUrlAsync(string name, TimeSpan? timeout = null)
    {
        var pattern = new Regex(@"^  " + Regex.Escape(name) + @" +(http://[^/\s]+)", RegexOptions.Multiline);
        var match = await WaitForAsync(pattern, timeout ?? TimeSpan.FromSeconds(60));
        return new Uri(match.Groups[1].Value);
    }

    /// <summary>Waits until the output matches <paramref name="pattern"/>; fails with the output so far if it does not.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (pattern.Match(_output.ToString()) is { Success: true } match)
                {
                    return match;
                }

                changed = _changed.Task;
            }

            if (_process.HasExited)
            {
                // Drain what it wrote last, then look once more.
                await _process.WaitForExitAsync(deadline.Token);
                return pattern.Match(Output) is { Success: true } last
                    ? last
                    : throw new InvalidOperationException($"BookInfo ({Name}) exited with {_process.ExitCode} before printing {pattern}:\n{Output}");
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"BookInfo ({Name}) did not print {pattern} within {timeout.TotalSeconds} s:\n{Output}");
            }
        }
    }

    /// <summary>Waits for the process to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"BookInfo ({Name}) did not exit within {timeout.TotalSeconds} s:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGTERM (what Ctrl+C, docker stop and systemd send), then waits for a graceful exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await TerminateAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (line is not null)
            {
                _output.AppendLine(line);
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private static string LocateSample()
    {
        // tests/Mesh.BookInfo.Tests/bin/<Configuration>/<tfm>/ -> samples/BookInfo/bin/<Configuration>/<tfm>/BookInfo.dll
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = bin.Name;
        var configuration = bin.Parent?.Name;
        for (var dir = bin; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln")) && configuration is not null)
            {
                var dll = Path.Combine(dir.FullName, "samples", "BookInfo", "bin", configuration, tfm, "BookInfo.dll");
                if (File.Exists(dll))
                {
                    return dll;
                }
            }
        }

        // Not built in place (an unusual layout): the copy that the project reference put beside the tests.
        return typeof(BookInfoHost).Assembly.Location;
    }
}
