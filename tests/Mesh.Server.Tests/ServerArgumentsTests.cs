using Mesh.Server.Hosting;

namespace Mesh.Server.Tests;

public class ServerArgumentsTests
{
    [Theory]
    [InlineData("64MiB", 64L * 1024 * 1024)]
    [InlineData("512KiB", 512L * 1024)]
    [InlineData("2GiB", 2L * 1024 * 1024 * 1024)]
    [InlineData("1048576", 1048576L)]
    public void WatchHistoryBytes_TakesASizeWithUnit(string value, long expected)
    {
        var options = MeshServerArguments.Parse(["--watch-history-bytes", value], _ => null, out var error);

        Assert.Null(error);
        Assert.Equal(expected, options!.WatchHistoryBytes);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("12MB")]
    [InlineData("100")]
    public void WatchHistoryBytes_NotASize_IsAnErrorThatShowsTheForm(string value)
    {
        Assert.Null(MeshServerArguments.Parse(["--watch-history-bytes", value], _ => null, out var error));

        Assert.Contains("--watch-history-bytes", error, StringComparison.Ordinal);
        Assert.Contains("64MiB", error, StringComparison.Ordinal);
    }
}
