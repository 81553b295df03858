using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Testing;

namespace Mesh.Server.Tests;

/// <summary>What a real server process does with its data directory and the secrets in it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class DataDirectoryTests
{
    private const UnixFileMode Open = (UnixFileMode)0b111_111_111; // 0777
    private const UnixFileMode WorldReadable = (UnixFileMode)0b110_100_100; // 0644

    [Fact]
    public async Task Start_WithOpenDirectoryAndSecretFiles_TightensThemAndWarnsWithPathAndOldMode()
    {
        using var data = new TempDirectory();
        await using (var first = await RunningServer.StartAsync(data.Path))
        {
            await first.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"));
            await first.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = "default", ServiceAccounts = ["reviews"] });
        }

        // As a hand-made directory or a careless restore leaves them.
        string[] secrets = ["admin.token", "join.token", "join-tokens.json", "store.json", "ca-key.pem"];
        File.SetUnixFileMode(data.Path, Open);
        foreach (var name in secrets)
        {
            File.SetUnixFileMode(data.File(name), WorldReadable);
        }

        var adminToken = await File.ReadAllTextAsync(data.File("admin.token"));
        using (var server = await ServerProcess.StartAsync(data.Path, "--log-format", "json"))
        {
            var warnings = JsonLines(server.Output).Where(l => l.GetProperty("EventId").GetInt32() == 4).Select(l => l.GetProperty("Message").GetString()!).ToList();
            Assert.Contains(warnings, m => m.StartsWith(data.Path + " had mode 0777", StringComparison.Ordinal) && m.Contains("to 0700", StringComparison.Ordinal));
            Assert.All(secrets, name => Assert.Contains(warnings, m => m.StartsWith(data.File(name) + " had mode 0644", StringComparison.Ordinal) && m.Contains("to 0600", StringComparison.Ordinal)));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data.Path));
        Assert.All(secrets, name => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(data.File(name))));
        Assert.Equal(adminToken, await File.ReadAllTextAsync(data.File("admin.token")));
    }

    [Fact]
    public async Task Start_WithGivenCaKeyReadableByOthers_RemovesOtherUsersAccessButKeepsTheGroups()
    {
        using var files = new TempDirectory();
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var (root, rootKey) = Identity.TestCa.Root("Operator root", now);
        await File.WriteAllTextAsync(files.File("ca-cert.pem"), root.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(files.File("ca-key.pem"), rootKey.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(files.File("ca-key.pem"), WorldReadable);

        await using var server = await RunningServer.StartAsync(configure: o =>
        {
            o.TimeProvider = new FakeTimeProvider(now);
            o.CaCertificateFile = files.File("ca-cert.pem");
            o.CaKeyFile = files.File("ca-key.pem");
        });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(files.File("ca-key.pem")));
    }

    [Fact]
    public async Task CreatedTokens_ArePrintedOnceOnStdoutAndNeverInTheLog()
    {
        using var data = new TempDirectory();
        IReadOnlyList<string> first;
        using (var server = await ServerProcess.StartAsync(data.Path, "--log-format", "json"))
        {
            first = [.. server.Output];
        }

        var admin = (await File.ReadAllTextAsync(data.File("admin.token"))).Trim();
        var join = (await File.ReadAllTextAsync(data.File("join.token"))).Trim();
        foreach (var token in new[] { admin, join })
        {
            var line = Assert.Single(first, l => l.Contains(token, StringComparison.Ordinal));
            Assert.False(line.StartsWith('{'), "the token line is plain text, not a log record: " + line);
        }

        // The log says which files were created, without the secret.
        var created = JsonLines(first).Where(l => l.GetProperty("EventId").GetInt32() == 2).Select(l => l.GetRawText()).ToList();
        Assert.Contains(created, l => l.Contains(JsonEncodedText.Encode(data.File("admin.token")).ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(created, l => l.Contains(admin, StringComparison.Ordinal) || l.Contains(join, StringComparison.Ordinal));

        // A later start finds the tokens and prints them nowhere.
        using var second = await ServerProcess.StartAsync(data.Path, "--log-format", "json");
        Assert.DoesNotContain(second.Output, l => l.Contains(admin, StringComparison.Ordinal) || l.Contains(join, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithTokenFileThatIsASymlink_Refuses()
    {
        using var data = new TempDirectory();
        using var elsewhere = new TempDirectory();
        await File.WriteAllTextAsync(elsewhere.File("planted"), "attacker-chosen-token\n");
        File.CreateSymbolicLink(data.File("admin.token"), elsewhere.File("planted"));

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => RunningServer.StartAsync(data.Path));

        Assert.Contains(data.File("admin.token") + " is a symbolic link", ex.Message, StringComparison.Ordinal);
    }

    private static List<JsonElement> JsonLines(IEnumerable<string> output)
    {
        var records = new List<JsonElement>();
        foreach (var line in output)
        {
            if (line.StartsWith('{'))
            {
                using var document = JsonDocument.Parse(line);
                records.Add(document.RootElement.Clone());
            }
        }

        return records;
    }
}
