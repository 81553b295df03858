using System.Text;
using Mesh.Server.Storage;
using Mesh.Testing;

namespace Mesh.Server.Tests.Storage;

public class AtomicFileTests
{
    [Fact]
    public void Write_WithSymlinkPlantedAtTheOldTemporaryName_WritesTheFileAndLeavesTheLinkTargetUntouched()
    {
        using var data = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var victim = elsewhere.File("victim");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(data.File("store.json.tmp"), victim);

        AtomicFile.Write(data.File("store.json"), "new content"u8);

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal("new content", File.ReadAllText(data.File("store.json")));
        Assert.Equal(["store.json", "store.json.tmp"], Directory.GetFileSystemEntries(data.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RemoveLeftover_RemovesTemporaryFilesAndLinksButNeverWhatALinkPointsTo()
    {
        using var data = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var victimFile = elsewhere.File("victim");
        File.WriteAllText(victimFile, "precious");
        var victimDirectory = elsewhere.File("victim-dir");
        Directory.CreateDirectory(victimDirectory);
        File.WriteAllText(Path.Combine(victimDirectory, "inside"), "precious");
        File.WriteAllText(data.File("store.json"), "committed");
        File.WriteAllText(data.File("store.json.0123456789abcdef.tmp"), "torn");
        File.WriteAllText(data.File("store.json.tmp"), "torn, from an earlier version");
        File.CreateSymbolicLink(data.File("store.json.fedcba9876543210.tmp"), victimFile);
        File.CreateSymbolicLink(data.File("store.json.00000000000000ff.tmp"), victimDirectory);
        File.WriteAllText(data.File("store.json.backup.tmp"), "not ours: another name pattern");

        AtomicFile.RemoveLeftover(data.File("store.json"));

        Assert.Equal(["store.json", "store.json.backup.tmp"], Directory.GetFileSystemEntries(data.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("precious", File.ReadAllText(victimFile));
        Assert.Equal("precious", File.ReadAllText(Path.Combine(victimDirectory, "inside")));
        Assert.Equal("committed", File.ReadAllText(data.File("store.json")));
    }

    [Fact]
    public void Write_IntoAMissingDirectory_ThrowsStoreWriteExceptionNamingTheFile()
    {
        using var data = new TempDirectory();
        var path = Path.Combine(data.Path, "gone", "store.json");

        var ex = Assert.Throws<StoreWriteException>(() => AtomicFile.Write(path, Encoding.UTF8.GetBytes("x")));

        Assert.Equal(path, ex.Path);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
