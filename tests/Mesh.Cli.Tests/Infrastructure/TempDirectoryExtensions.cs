using Mesh.Testing;

namespace Mesh.Cli.Tests.Infrastructure;

internal static class TempDirectoryExtensions
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="relative"/> (creating folders) and returns the full path.</summary>
    public static string Write(this TempDirectory directory, string relative, string content)
    {
        var full = directory.File(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }
}
