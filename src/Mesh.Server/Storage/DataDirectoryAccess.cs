using System.Globalization;

namespace Mesh.Server.Storage;

/// <summary>
/// Prepares the data directory at every start, before anything in it is read: creates it owner-only, tightens a
/// directory or secret file that other users could read or change (the server creates them 0700/0600, but a
/// directory made by hand or a restored backup may be 0777/0644), refuses secret files that are symbolic links,
/// and removes temporary files left by interrupted writes.
/// </summary>
internal static class DataDirectoryAccess
{
    /// <summary>The files that hold secrets or the state; owner-only.</summary>
    public static readonly string[] PrivateFiles = ["admin.token", "join.token", "join-tokens.json", "store.json", "ca-key.pem"];

    private static readonly string[] WrittenFiles = [.. PrivateFiles, "ca-cert.pem"];

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode Other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Prepares <paramref name="directory"/>; <paramref name="externalCaKey"/> is a CA key file given from outside,
    /// which keeps any group access it has but loses access for other users. Returns what was tightened, to log.
    /// </summary>
    /// <exception cref="InvalidDataException">A mode could not be tightened, or a secret file is a symbolic link.</exception>
    public static IReadOnlyList<TightenedMode> Prepare(string directory, string? externalCaKey)
    {
        AtomicFile.CreatePrivateDirectory(directory);
        var tightened = new List<TightenedMode>();
        if (!OperatingSystem.IsWindows())
        {
            // The directory first: while it is open, the files in it could be swapped.
            Tighten(directory, GroupOrOther, tightened);
            foreach (var name in PrivateFiles)
            {
                var path = Path.Combine(directory, name);
                if (new FileInfo(path) is { LinkTarget: { } target })
                {
                    throw new InvalidDataException($"{path} is a symbolic link (to {target}); the server keeps its secrets and state in regular files only: replace the link with the file it points to");
                }

                if (Directory.Exists(path))
                {
                    throw new InvalidDataException($"{path} is a directory, not a file: move it away (the server then starts without it) or put the file back");
                }

                if (File.Exists(path))
                {
                    Tighten(path, GroupOrOther | UnixFileMode.UserExecute, tightened);
                }
            }

            // A key given from outside may sit on a read-only mount (a Kubernetes secret is 0644 by default): the
            // operator owns that file, so one that cannot be tightened is warned about, not refused.
            if (externalCaKey is not null && File.Exists(externalCaKey))
            {
                Tighten(Path.GetFullPath(externalCaKey), Other, tightened, refuse: false);
            }
        }

        foreach (var name in WrittenFiles)
        {
            AtomicFile.RemoveLeftover(Path.Combine(directory, name));
        }

        return tightened;
    }

    /// <summary>A mode as chmod writes it, e.g. 0600.</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0');

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(string path, UnixFileMode remove, List<TightenedMode> tightened, bool refuse = true)
    {
        var old = File.GetUnixFileMode(path);
        if ((old & remove) == 0)
        {
            return;
        }

        var mode = old & ~remove;
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (Exception ex) when (!refuse && ex is IOException or UnauthorizedAccessException)
        {
            tightened.Add(new TightenedMode(path, old, old, ex.Message));
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path} has mode {Octal(old)}, open to other users, and the server could not change it ({ex.Message}): run \"chmod {Octal(mode)[1..]} {path}\" as its owner, or start the server as that owner"), ex);
        }

        tightened.Add(new TightenedMode(path, old, mode));
    }
}

/// <summary>
/// A file or directory whose mode <see cref="DataDirectoryAccess.Prepare"/> changed, or, with <paramref name="Failure"/>,
/// an outside file it could not change and left as it was.
/// </summary>
internal sealed record TightenedMode(string Path, UnixFileMode Old, UnixFileMode New, string? Failure = null);
