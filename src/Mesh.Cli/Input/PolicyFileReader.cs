namespace Mesh.Cli.Input;

/// <summary>
/// Expands the values of <c>-f</c> into input texts, kubectl's way: a file as given, a directory as its
/// <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files (not recursive) in ordinal name order, and <c>-</c> as stdin.
/// </summary>
internal static class PolicyFileReader
{
    /// <summary>The <c>-f</c> value meaning standard input.</summary>
    public const string StandardInput = "-";

    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>Reads every input named by <paramref name="paths"/>, in the order given.</summary>
    /// <exception cref="CliException">A path does not exist, a directory holds no policy files, or stdin is named twice.</exception>
    public static IReadOnlyList<PolicySource> Read(IReadOnlyList<string> paths, MeshCtlContext context)
    {
        var sources = new List<PolicySource>();
        var readStdin = false;
        foreach (var path in paths)
        {
            if (path == StandardInput)
            {
                // Stdin can be read once; a second "-" would silently read nothing.
                if (readStdin)
                {
                    throw CliException.Usage("-f - (stdin) can be given only once");
                }

                readStdin = true;
                sources.Add(new PolicySource("stdin", context.In.ReadToEnd()));
                continue;
            }

            if (string.IsNullOrWhiteSpace(path))
            {
                throw CliException.Usage("-f needs a file, a directory or - (stdin), not an empty value");
            }

            var full = Path.GetFullPath(path, context.WorkingDirectory);
            if (Directory.Exists(full))
            {
                sources.AddRange(ReadDirectory(path, full));
            }
            else if (File.Exists(full))
            {
                sources.Add(new PolicySource(path, File.ReadAllText(full)));
            }
            else
            {
                throw CliException.Invalid($"the path \"{path}\" does not exist (relative paths are resolved from {context.WorkingDirectory})");
            }
        }

        return sources;
    }

    private static IEnumerable<PolicySource> ReadDirectory(string path, string full)
    {
        var files = Directory.EnumerateFiles(full)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw CliException.Invalid($"the directory \"{path}\" holds no .yaml, .yml or .json files");
        }

        return files.Select(f => new PolicySource(Path.Combine(path, Path.GetFileName(f)), File.ReadAllText(f)));
    }
}
