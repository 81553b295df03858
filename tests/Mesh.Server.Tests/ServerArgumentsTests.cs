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

    [Fact]
    public void AuthFailureLimit_FromArgumentsAndEnvironment()
    {
        var options = MeshServerArguments.Parse(["--auth-failure-burst", "5"], name => name == "MESH_AUTH_FAILURE_REFILL" ? "30s" : null, out var error);

        Assert.Null(error);
        Assert.Equal(5, options!.AuthFailureBurst);
        Assert.Equal(TimeSpan.FromSeconds(30), options.AuthFailureRefill);
    }

    [Theory]
    [InlineData("--auth-failure-burst", "0")]
    [InlineData("--auth-failure-burst", "many")]
    [InlineData("--auth-failure-refill", "0s")]
    public void AuthFailureLimit_OutOfRange_IsAnErrorNamingTheOption(string option, string value)
    {
        Assert.Null(MeshServerArguments.Parse([option, value], _ => null, out var error));

        Assert.Contains(option, error, StringComparison.Ordinal);
    }
}
