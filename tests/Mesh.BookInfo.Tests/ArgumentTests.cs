using BookInfo.Hosting;
using Mesh.BookInfo.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests;

/// <summary>The command line: modes, ports, and an error for every mistake, with what to write instead.</summary>
public sealed class ArgumentTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Parse_NoArguments_EverythingOnTheFixedPorts()
    {
        var args = Parse();

        Assert.Equal(RunMode.All, args.Mode);
        Assert.Equal("http://127.0.0.1:15010", args.ControlPlane);
        Assert.Equal("mesh-data", args.DataDirectory);
        Assert.Equal(
            [9080, 9081, 9082, 9083, 9084, 9085],
            new[] { Workloads.Productpage, Workloads.Details, Workloads.ReviewsV1, Workloads.ReviewsV2, Workloads.ReviewsV3, Workloads.Ratings }.Select(args.PortOf));
    }

    [Fact]
    public void Parse_OneService_TakesItsVersionAndPort()
    {
        var args = Parse("--service", "reviews", "--version", "v2", "--port", "9083", "--control-plane", "http://10.0.0.5:15010", "--join-token", "t0k");

        Assert.Equal(RunMode.Service, args.Mode);
        Assert.Equal(Workloads.ReviewsV2, args.Workload);
        Assert.Equal(9083, args.PortOf(args.Workload!));
        Assert.Equal("http://10.0.0.5:15010", args.ControlPlane);
        Assert.Equal("t0k", args.JoinToken);
        Assert.Equal("bookinfo-reviews", args.Workload!.ServiceAccount);
    }

    [Fact]
    public void Parse_ServiceWithoutVersionOrPort_V1OnItsPortFromTheBase()
    {
        var args = Parse("--service=ratings", "--base-port=20000");

        Assert.Equal(Workloads.Ratings, args.Workload);
        Assert.Equal(20005, args.PortOf(args.Workload!));
    }

    [Fact]
    public void Parse_DetailsV2_RegistryOnly_ForTheEgressLesson()
    {
        var args = Parse("--service", "details", "--version", "v2", "--outbound-traffic-policy", "registry_only");

        Assert.Equal(Workloads.DetailsV2, args.Workload);
        Assert.Equal(9086, args.PortOf(args.Workload!));
        Assert.Equal(Mesh.Client.OutboundTrafficPolicy.RegistryOnly, args.OutboundTrafficPolicy);
        Assert.Equal(Mesh.Client.OutboundTrafficPolicy.AllowAny, Parse().OutboundTrafficPolicy);
        Assert.DoesNotContain(Workloads.DetailsV2, Workloads.Default);
    }

    [Fact]
    public void Parse_BasePortZero_EveryServiceOnAFreePort()
    {
        var args = Parse("--base-port", "0");

        Assert.All(Workloads.All, w => Assert.Equal(0, args.PortOf(w)));
    }

    [Fact]
    public void Parse_JoinToken_FromTheEnvironmentUnlessGiven()
    {
        var fromEnvironment = BookInfoArguments.Parse(["--service", "details"], n => n == "MESH_JOIN_TOKEN" ? "env-token" : null, out _);
        var fromOption = BookInfoArguments.Parse(["--service", "details", "--join-token", "cli"], n => n == "MESH_JOIN_TOKEN" ? "env-token" : null, out _);

        Assert.Equal("env-token", fromEnvironment!.JoinToken);
        Assert.Equal("cli", fromOption!.JoinToken);
    }

    [Fact]
    public void Parse_ControlPlaneOnly()
    {
        var args = Parse("--control-plane-only", "--control-plane", "http://127.0.0.1:0", "--data-dir", "some/dir");

        Assert.Equal(RunMode.ControlPlaneOnly, args.Mode);
        Assert.Equal("some/dir", args.DataDirectory);
    }

    [Theory]
    [InlineData("unknown option \"--servce\"", "--servce", "reviews")]
    [InlineData("unexpected argument \"reviews\"; options start with -- (for example --service reviews)", "reviews")]
    [InlineData("unknown service \"catalog\": BookInfo has productpage, details, reviews, ratings", "--service", "catalog")]
    [InlineData("details has version(s) v1, v2, not \"v3\"", "--service", "details", "--version", "v3")]
    [InlineData("reviews has version(s) v1, v2, v3, not \"v4\"", "--service", "reviews", "--version", "v4")]
    [InlineData("--version applies to one service: add --service NAME", "--version", "v2")]
    [InlineData("--port applies to one service", "--port", "9083")]
    [InlineData("--port must be a number from 0 to 65535", "--service", "ratings", "--port", "http")]
    [InlineData("--port must be a number from 0 to 65535", "--service", "ratings", "--port", "70000")]
    [InlineData("--port must be a number from 0 to 65535", "--service", "ratings", "--port", "-1")]
    [InlineData("--base-port must be a number from 0 to 65529", "--base-port", "65530")]
    [InlineData("--outbound-traffic-policy must be ALLOW_ANY (calls to unknown hosts pass) or REGISTRY_ONLY", "--outbound-traffic-policy", "DENY")]
    [InlineData("--outbound-traffic-policy starts services, and --control-plane-only runs none", "--control-plane-only", "--outbound-traffic-policy", "REGISTRY_ONLY")]
    [InlineData("--port needs a value", "--service", "ratings", "--port")]
    [InlineData("--port needs a value", "--service", "ratings", "--port", "--access-log")]
    [InlineData("--port is given twice", "--service", "ratings", "--port", "1", "--port", "2")]
    [InlineData("--service starts services, and --control-plane-only runs none", "--control-plane-only", "--service", "reviews")]
    [InlineData("--base-port starts services, and --control-plane-only runs none", "--control-plane-only", "--base-port", "9000")]
    [InlineData("--control-plane must be an http:// URL such as http://127.0.0.1:15010, not \"localhost:15010\"", "--control-plane", "localhost:15010")]
    [InlineData("--access-log takes no value", "--access-log=yes")]
    [InlineData("--data-dir needs a value", "--data-dir=")]
    public void Parse_Mistake_SaysWhatIsWrong(string expected, params string[] args)
    {
        var parsed = BookInfoArguments.Parse(args, NoEnvironment, out var error);

        Assert.Null(parsed);
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Help_NoArgumentsAndNoError()
    {
        Assert.Null(BookInfoArguments.Parse(["--help"], NoEnvironment, out var error));
        Assert.Null(error);
    }

    [Fact]
    public async Task Process_BadArgument_Exits2WithTheErrorAndAHint()
    {
        using var directory = new TempDirectory();
        await using var bookInfo = BookInfoProcess.Start(directory.Path, "--service", "catalog");

        var exitCode = await bookInfo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("error: unknown service \"catalog\"", bookInfo.Output, StringComparison.Ordinal);
        Assert.Contains("Run with --help for usage.", bookInfo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_ServiceWithoutJoinToken_Exits2AndSaysWhereATokenComesFrom()
    {
        using var directory = new TempDirectory();
        await using var bookInfo = BookInfoProcess.Start(directory.Path, "--service", "ratings", "--port", "0");

        var exitCode = await bookInfo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("error: no join token: pass --join-token T, set MESH_JOIN_TOKEN, or run from the directory", bookInfo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_Help_Exits0WithTheFixedPorts()
    {
        using var directory = new TempDirectory();
        await using var bookInfo = BookInfoProcess.Start(directory.Path, "--help");

        var exitCode = await bookInfo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Contains("productpage 9080, details 9081, reviews v1 9082, v2 9083, v3 9084, ratings 9085", bookInfo.Output, StringComparison.Ordinal);
    }

    private static BookInfoArguments Parse(params string[] args) =>
        BookInfoArguments.Parse(args, NoEnvironment, out var error) ?? throw new InvalidOperationException(error);
}
