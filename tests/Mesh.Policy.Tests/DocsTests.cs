namespace Mesh.Policy.Tests;

/// <summary>The README promises that each doc ends with a "Not yet" list: a doc that loses it fails here.</summary>
public class DocsTests
{
    public static TheoryData<string> Docs() => new(Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "docs"), "*.md").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Docs))]
    public void Doc_EndsWithANotYetList(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", name));

        var lastSection = lines.Last(l => l.StartsWith("## ", StringComparison.Ordinal));
        var items = lines.SkipWhile(l => l != "## Not yet").Count(l => l.StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("| ", StringComparison.Ordinal));

        Assert.Equal("## Not yet", lastSection);
        Assert.True(items > 0, $"{name}: the Not yet section lists nothing");
    }

    /// <summary>The checkout: the first directory above the test binaries that holds Mesh.sln.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Mesh.sln was not found above " + AppContext.BaseDirectory);
    }
}
