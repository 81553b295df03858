using System.Diagnostics;
using System.Globalization;

namespace Mesh.Server.Tests.Storage;

/// <summary>
/// A small tmpfs mounted on a fresh directory, to run the server on a disk that really fills up. Needs root
/// (see <see cref="RootFactAttribute"/>); unmounted and removed on dispose.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    public static TmpfsMount Create(int sizeKiB, string mode)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mesh-tmpfs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={sizeKiB}k,mode={mode}"), "tmpfs", path);
        return new TmpfsMount(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a filler file until the disk is full; <see cref="Free"/> removes it.</summary>
    public void Fill()
    {
        var chunk = new byte[4096];
        using var filler = new FileStream(File("filler"), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                filler.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    public void Free() => System.IO.File.Delete(File("filler"));

    public void RemountReadOnly() => Run("mount", "-o", "remount,ro", Path);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }
}

/// <summary>A fact that needs root (mounting a tmpfs); skipped, with the reason, for other users.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Skip = "needs root on Linux to mount a small tmpfs and fill it; run the tests as root to cover a full disk";
        }
    }
}
