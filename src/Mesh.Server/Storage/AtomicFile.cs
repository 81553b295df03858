using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Mesh.Server.Storage;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old or the new content, never a mix: write a
/// temporary file beside it, flush it to disk, rename it over the old one, then flush the directory entry. A write that
/// fails throws <see cref="StoreWriteException"/> and leaves the old file as it was.
/// </summary>
internal static partial class AtomicFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string TempSuffix = ".tmp";
    private const int TempIdBytes = 8;

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        // A fresh random name, created exclusively (CreateNew is O_CREAT|O_EXCL, which also refuses a final symlink):
        // nothing planted at a predictable name beside the file can redirect the write elsewhere.
        var temp = $"{path}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TempIdBytes))}{TempSuffix}";
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        var created = false;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                created = true;
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A partial temporary file would only hold on to the space that ran out.
            if (created)
            {
                TryDelete(temp);
            }

            throw new StoreWriteException(path, ex);
        }

        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Removes temporary files of <paramref name="path"/> left by writes that a crash interrupted (the real file is
    /// intact): <c>NAME.&lt;random&gt;.tmp</c>, and <c>NAME.tmp</c> of earlier versions. A symbolic link there is
    /// removed itself; what it points to is never touched.
    /// </summary>
    public static void RemoveLeftover(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        var name = Path.GetFileName(path);
        foreach (var candidate in Directory.EnumerateFileSystemEntries(directory, name + "*" + TempSuffix))
        {
            if (IsTempName(Path.GetFileName(candidate), name))
            {
                var entry = new FileInfo(candidate);

                // A real directory cannot be a leftover of ours; a link (even to a directory) is unlinked, not followed.
                if (entry.LinkTarget is not null || !entry.Attributes.HasFlag(FileAttributes.Directory))
                {
                    File.Delete(candidate);
                }
            }
        }
    }

    /// <summary>Creates a directory readable by its owner only (the store and the tokens live there).</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool IsTempName(string candidate, string name)
    {
        if (candidate.Length < name.Length + TempSuffix.Length
            || !candidate.StartsWith(name, StringComparison.Ordinal)
            || !candidate.EndsWith(TempSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var middle = candidate.AsSpan(name.Length, candidate.Length - name.Length - TempSuffix.Length);
        if (middle.IsEmpty)
        {
            return true; // NAME.tmp
        }

        if (middle.Length != 1 + (2 * TempIdBytes) || middle[0] != '.')
        {
            return false;
        }

        foreach (var c in middle[1..])
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Removed at the next start.
        }
    }

    // The rename is durable only once the directory itself is flushed. .NET has no API for that, so on Linux
    // and macOS open the directory and fsync it through libc; elsewhere the rename is as durable as the OS makes it.
    private static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
