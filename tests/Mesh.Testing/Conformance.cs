namespace Mesh.Testing;

/// <summary>Finds ../shared/conformance: beside the checkout in CI, or named by MESH_CONFORMANCE_DIR.</summary>
public static class Conformance
{
    private static readonly Lazy<string> RootPath = new(Locate);

    /// <summary>The conformance directory.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A file under the conformance directory.</summary>
    public static string File(string relative) => Path.Combine(Root, relative);

    /// <summary>Every file under the conformance directory with one of the given extensions.</summary>
    public static IEnumerable<string> Files(params string[] extensions) =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MESH_CONFORMANCE_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        // Walk up from the test binaries to the checkout, then look for shared/conformance beside it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/conformance was not found beside the checkout; set MESH_CONFORMANCE_DIR");
    }
}
