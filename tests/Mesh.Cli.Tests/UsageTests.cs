using Mesh.Cli.Tests.Infrastructure;

namespace Mesh.Cli.Tests;

public class UsageTests
{
    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("apply")]
    [InlineData("get")]
    [InlineData("get vs -o xml")]
    [InlineData("get vs -n bookinfo -A")]
    [InlineData("get vs reviews -A")]
    [InlineData("get all reviews")]
    [InlineData("delete")]
    [InlineData("delete vs")]
    [InlineData("delete vs reviews -f x.yaml")]
    [InlineData("analyze")]
    [InlineData("status --bogus")]
    public async Task Run_WrongCommandLine_ExitsTwoWithAnError(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // Nothing listens here, so a usage error that slipped through to the server would show as "cannot reach".
        var result = await CliRun.Run([.. args, "--server", UnusedPort.ServerUrl()]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot reach", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Help_ExitsZeroAndListsTheCommands()
    {
        var result = await CliRun.Run("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var command in (string[])["apply", "get", "delete", "analyze", "status", "--server", "--token"])
        {
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
        }
    }
}
