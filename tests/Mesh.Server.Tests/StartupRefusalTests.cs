using System.Security.Cryptography;
using System.Text;
using Mesh.Testing;

namespace Mesh.Server.Tests;

/// <summary>
/// A data directory the server cannot trust (a damaged store, a CA key of another certificate) stops a real server
/// process with one line on stderr naming the file, a non-zero exit, and nothing served; the file is left as it was.
/// </summary>
public class StartupRefusalTests
{
    private const string ValidResource = """{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"reviews","namespace":"default"},"spec":{"hosts":["reviews"],"http":[{"route":[{"destination":{"host":"reviews"}}]}]}}""";

    public static TheoryData<string> DamagedStores() =>
    [
        "empty", "whitespace", "truncated", "random bytes", "invalid UTF-8", "top-level array", "null",
        "format missing", "format a string", "revision missing", "revision a string", "revision negative",
        "resources missing", "resources an object", "entry not an object", "entry without resource",
        "entry revision a string", "resource of an unknown kind", "resource fields of wrong types", "duplicate top-level key", "duplicate key in a resource",
    ];

    [Theory]
    [MemberData(nameof(DamagedStores))]
    public async Task Start_WithDamagedStore_ExitsWithOneLineNamingTheFileAndServesNothing(string variant)
    {
        using var data = new TempDirectory();
        var content = Damaged(variant);
        await File.WriteAllBytesAsync(data.File("store.json"), content);

        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(data.Path);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(stderr, l => l.Length > 0);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(data.File("store.json"), line, StringComparison.Ordinal);
        Assert.DoesNotContain(stdout, l => l.Contains("listening", StringComparison.Ordinal));
        Assert.Equal(content, await File.ReadAllBytesAsync(data.File("store.json")));
    }

    [Fact]
    public async Task Start_WithStoreReplacedByDirectory_ExitsAndNamesIt()
    {
        using var data = new TempDirectory();
        Directory.CreateDirectory(data.File("store.json"));

        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(data.Path);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(stderr, l => l.Length > 0);
        Assert.Contains(data.File("store.json") + " is a directory", line, StringComparison.Ordinal);
        Assert.DoesNotContain(stdout, l => l.Contains("listening", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithCaKeyOfAnotherCertificate_ExitsAndNamesBothFiles()
    {
        using var data = new TempDirectory();
        await using (await RunningServer.StartAsync(data.Path))
        {
            // The first start creates the root CA in the data directory.
        }

        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(data.File("ca-key.pem"), other.ExportPkcs8PrivateKeyPem());

        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(data.Path);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(stderr, l => l.Length > 0);
        Assert.Contains(data.File("ca-key.pem"), line, StringComparison.Ordinal);
        Assert.Contains(data.File("ca-cert.pem"), line, StringComparison.Ordinal);
        Assert.Contains("does not belong", line, StringComparison.Ordinal);
        Assert.DoesNotContain(stdout, l => l.Contains("listening", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[null]")]
    [InlineData("""[{"id":"a1"}]""")]
    [InlineData("""[{"id":"a1","sha256":"00","namespace":"default","createdAt":"2026-01-01T00:00:00Z"}]""")]
    public async Task Start_WithDamagedJoinTokens_ExitsWithOneLineNamingTheFile(string content)
    {
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(data.File("join-tokens.json"), content);

        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(data.Path);

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(stderr, l => l.Length > 0);
        Assert.StartsWith("error: " + data.File("join-tokens.json") + " is not readable", line, StringComparison.Ordinal);
        Assert.DoesNotContain(stdout, l => l.Contains("listening", StringComparison.Ordinal));
    }

    private static byte[] Damaged(string variant) => variant switch
    {
        "empty" => [],
        "whitespace" => Utf8("  \n\t"),
        "truncated" => Utf8($$"""{"format":1,"revision":1,"resources":[{"createRevision":1,"modRevision":1,"resource":{{ValidResource}}}]}""")[..90],
        "random bytes" => RandomNumberGenerator.GetBytes(4096),
        "invalid UTF-8" => [.. Utf8("""{"format":1,"revision":0,"resources":[],"note":" """), 0xC3, 0x28, 0xFF, .. Utf8("\"}")],
        "top-level array" => Utf8("[]"),
        "null" => Utf8("null"),
        "format missing" => Utf8("""{"revision":0,"resources":[]}"""),
        "format a string" => Utf8("""{"format":"1","revision":0,"resources":[]}"""),
        "revision missing" => Utf8("""{"format":1,"resources":[]}"""),
        "revision a string" => Utf8("""{"format":1,"revision":"3","resources":[]}"""),
        "revision negative" => Utf8("""{"format":1,"revision":-3,"resources":[]}"""),
        "resources missing" => Utf8("""{"format":1,"revision":3}"""),
        "resources an object" => Utf8("""{"format":1,"revision":3,"resources":{}}"""),
        "entry not an object" => Utf8("""{"format":1,"revision":3,"resources":[7]}"""),
        "entry without resource" => Utf8("""{"format":1,"revision":3,"resources":[{"createRevision":1,"modRevision":1}]}"""),
        "entry revision a string" => Utf8($$"""{"format":1,"revision":3,"resources":[{"createRevision":"1","modRevision":1,"resource":{{ValidResource}}}]}"""),
        "resource of an unknown kind" => Utf8("""{"format":1,"revision":1,"resources":[{"createRevision":1,"modRevision":1,"resource":{"apiVersion":"example.io/v9","kind":"Gadget","metadata":{"name":"a","namespace":"default"}}}]}"""),
        "resource fields of wrong types" => Utf8("""{"format":1,"revision":1,"resources":[{"createRevision":1,"modRevision":1,"resource":{"apiVersion":5,"kind":"VirtualService","metadata":7,"spec":"x"}}]}"""),
        "duplicate top-level key" => Utf8("""{"format":1,"format":1,"revision":0,"resources":[]}"""),
        "duplicate key in a resource" => Utf8("""{"format":1,"revision":1,"resources":[{"createRevision":1,"modRevision":1,"resource":{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"a","namespace":"default","name":"b"},"spec":{}}}]}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "no such variant"),
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
