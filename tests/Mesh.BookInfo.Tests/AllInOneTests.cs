using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Mesh.BookInfo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests;

/// <summary>The default mode, as the README runs it: the control server and all six services in one process.</summary>
public sealed class AllInOneTests
{
    [Fact]
    public async Task DefaultMode_ServesAllThreeVersions_FollowsMeshctl_AndStopsGracefullyOnSigterm()
    {
        using var directory = new TempDirectory();
        await using var bookInfo = BookInfoProcess.Start(directory.Path, "--base-port", "0", "--control-plane", "http://127.0.0.1:0");
        var productpage = await bookInfo.WaitForUrlAsync("productpage v1");
        var controlPlane = await bookInfo.WaitForUrlAsync("control server");
        using var page = PageClient.Anonymous(productpage);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 300 && seen.Count < 3; i++)
        {
            seen.Add(PageClient.ReviewsVersion(await page.GetPageAsync()));
        }

        // meshctl from the directory BookInfo runs in finds ./mesh-data/admin.token by itself.
        await MeshCtlRunner.ApplyAsync(controlPlane, directory.Path, Files.Bookinfo("virtual-service-all-v1.yaml"));
        var consecutiveV1 = 0;
        await Eventually.TrueAsync(async () =>
        {
            consecutiveV1 = PageClient.ReviewsVersion(await page.GetPageAsync()) == "v1" ? consecutiveV1 + 1 : 0;
            return consecutiveV1 >= 30;
        }, TimeSpan.FromSeconds(30), "reviews never settled on v1");

        var exitCode = await bookInfo.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["v1", "v2", "v3"], seen.Order(StringComparer.Ordinal));
        Assert.True(exitCode == 0, bookInfo.Output);
        Assert.Contains("Stopping BookInfo...", bookInfo.Output, StringComparison.Ordinal);
        Assert.Equal(6, Regex.Count(bookInfo.Output, "Deregistered [a-z]+-"));
        Assert.DoesNotContain("Unhandled exception", bookInfo.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory.Path, "mesh-data", "admin.token")));
    }

    [Fact]
    public async Task DefaultMode_ControlPlaneAddressInUse_Exits1AndSaysWhatToDo()
    {
        using var directory = new TempDirectory();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var taken = ((IPEndPoint)occupant.LocalEndpoint).Port;
        await using var bookInfo = BookInfoProcess.Start(directory.Path, "--base-port", "0", "--control-plane", $"http://127.0.0.1:{taken}");

        var exitCode = await bookInfo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: the control server cannot listen on http://127.0.0.1:{taken}: the address is in use", bookInfo.Output, StringComparison.Ordinal);
        Assert.Contains("--control-plane http://127.0.0.1:PORT", bookInfo.Output, StringComparison.Ordinal);
    }
}
