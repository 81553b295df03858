using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using Mesh.Testing;

namespace Mesh.Packaging.Tests;

/// <summary>
/// The packages as a user gets them: the repository's src/ is packed (in a copy, so the solution's own build is
/// left alone) into a local feed with a version of its own, an application outside the solution restores
/// Mesh.Client from that feed and makes a meshed call, and both tools install and run.
/// </summary>
public sealed class PackedPackagesTests : IClassFixture<PackedPackagesTests.Feed>
{
    private readonly Feed _feed;

    public PackedPackagesTests(Feed feed) => _feed = feed;

    [Fact]
    public async Task MeshClient_FromThePackedFeed_MakesAMeshedCallInAnAppOutsideTheSolution()
    {
        using var app = new TempDirectory();
        using var policy = new TempDirectory();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "ConsumerApp")))
        {
            File.Copy(file, Path.Combine(app.Path, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(app.Path, "nuget.config"), _feed.NuGetConfig());

        var run = await ProcessRun.RunAsync("dotnet", $"run -c Release -p:MeshVersion={_feed.Version} -- \"{policy.Path}\"", app.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("served, x-routed-by=mesh", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mesh.Cli", "meshctl", "apply")]
    [InlineData("Mesh.Server", "mesh-server", "--data-dir")]
    public async Task Tool_InstallsFromThePackedFeed_AndRuns(string package, string command, string usageMentions)
    {
        using var tools = new TempDirectory();
        File.WriteAllText(Path.Combine(tools.Path, "nuget.config"), _feed.NuGetConfig());

        var install = await ProcessRun.RunAsync("dotnet", $"tool install {package} --version {_feed.Version} --tool-path bin --configfile nuget.config", tools.Path);
        Assert.True(install.ExitCode == 0, install.ToString());
        var help = await ProcessRun.RunAsync(Path.Combine(tools.Path, "bin", command), "--help", tools.Path);

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains(usageMentions, help.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mesh.Client")]
    [InlineData("Mesh.Policy")]
    [InlineData("Mesh.Cli")]
    [InlineData("Mesh.Server")]
    public void Package_CarriesItsMetadataReadmeLicenceAndSymbols(string package)
    {
        var nupkg = Path.Combine(_feed.Directory, $"{package}.{_feed.Version}.nupkg");
        using var archive = ZipFile.OpenRead(nupkg);
        var nuspec = XDocument.Load(archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        string? Field(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(_feed.Version, Field("version"));
        Assert.Equal("The Mesh authors", Field("authors"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.Contains("istio", Field("tags"), StringComparison.Ordinal);
        Assert.Contains(archive.Entries, e => e.FullName == "README.md");
        Assert.Contains(archive.Entries, e => e.FullName == "LICENSE");
        Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), "no symbol package beside " + nupkg);
    }

    /// <summary>The packed feed, made once for the class: a copy of src/ packed with a version no cache has seen.</summary>
    public sealed class Feed : IAsyncLifetime, IDisposable
    {
        private readonly TempDirectory _root = new();

        public string Version { get; } = "0.0.0-test." + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        public string Directory => Path.Combine(_root.Path, "feed");

        public string NuGetConfig()
        {
            // The repository's own sources (the registry), with the feed added: what a user's nuget.config would say.
            var config = XDocument.Load(Path.Combine(Checkout, "nuget.config"));
            var sources = config.Root!.Element("packageSources")!;
            sources.Add(new XElement("add", new XAttribute("key", "mesh-local"), new XAttribute("value", Directory)));
            return config.ToString();
        }

        public async Task InitializeAsync()
        {
            var copy = Path.Combine(_root.Path, "repo");
            CopyTree(Path.Combine(Checkout, "src"), Path.Combine(copy, "src"));
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config", ".editorconfig", "BannedSymbols.txt", "LICENSE" })
            {
                File.Copy(Path.Combine(Checkout, file), Path.Combine(copy, file));
            }

            foreach (var project in new[] { "Mesh.Policy", "Mesh.Client", "Mesh.Cli", "Mesh.Server" })
            {
                var pack = await ProcessRun.RunAsync(
                    "dotnet",
                    $"pack src/{project} -c Release -o \"{Directory}\" -p:MinVerVersionOverride={Version} -p:EnableSourceControlManagerQueries=false",
                    copy);
                Assert.True(pack.ExitCode == 0, pack.ToString());
            }
        }

        public Task DisposeAsync()
        {
            Dispose();
            return Task.CompletedTask;
        }

        public void Dispose() => _root.Dispose();

        private static string Checkout { get; } = FindCheckout();

        private static string FindCheckout()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Mesh.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("Mesh.sln not found above the test binaries");
        }

        private static void CopyTree(string from, string to)
        {
            foreach (var directory in System.IO.Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(directory);
                if (name is not ("bin" or "obj"))
                {
                    System.IO.Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
                }
            }

            foreach (var file in System.IO.Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                if (!relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                {
                    var target = Path.Combine(to, relative);
                    System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target);
                }
            }
        }
    }
}
