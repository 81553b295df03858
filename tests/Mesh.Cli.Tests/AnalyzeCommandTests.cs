using Mesh.Cli.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.Cli.Tests;

public class AnalyzeCommandTests
{
    [Fact]
    public async Task Analyze_ValidConformanceFile_ExitsZeroAndSaysNoIssues()
    {
        var result = await CliRun.Run("analyze", "-f", Samples.DestinationRuleAll);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["✔ No validation issues found when analyzing 4 resources in 1 file"], result.OutLines);
    }

    [Fact]
    public async Task Analyze_RulesAndRoutesTogether_AreCleanAcrossFiles()
    {
        // The VirtualServices name subsets that only the DestinationRules define: analyzed together, nothing is missing.
        var result = await CliRun.Run("analyze", "-f", Samples.DestinationRuleAll, "-f", Samples.VirtualServiceAllV1);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No validation issues found when analyzing 8 resources in 2 files", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_SeveralFilesAfterOneFlag_AreAllRead()
    {
        var result = await CliRun.Run("analyze", "-f", Samples.DestinationRuleAll, Samples.VirtualServiceAllV1);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("8 resources in 2 files", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_InvalidFile_ExitsOneWithEveryErrorOnItsOwnLine()
    {
        using var dir = new TempDirectory();
        dir.Write("bad.yaml", Samples.InvalidVirtualService);

        var result = await new CliRun { WorkingDirectory = dir.Path }.RunAsync("analyze", "-f", "bad.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.OutLines;
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("bad.yaml[#1] VirtualService default/bad: spec.http[0].corsPolicy: not supported", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("bad.yaml[#1] VirtualService default/bad: spec.http[0].route[0].weight: ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("✘ 2 errors", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_WarningsOnly_ExitsZeroAndPrintsThem()
    {
        // Routes to subset v1 with no DestinationRule to define it: valid alone, but worth a warning.
        var result = await CliRun.Run("analyze", "-f", Samples.VirtualServiceAllV1);

        Assert.True(result.ExitCode == 0, result.ToString());
        var warnings = result.OutLines.Where(l => l.Contains(": warning: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.Contains(warnings, w => w.StartsWith("VirtualService default/reviews: spec.http[0].route[0].destination.subset: warning: subset \"v1\"", StringComparison.Ordinal));
        Assert.Equal("✔ No errors; 4 warnings when analyzing 4 resources in 1 file", result.OutLines[^1]);
    }

    [Fact]
    public async Task Analyze_Stdin_IsReadForDash()
    {
        var result = await new CliRun { StandardInput = Samples.RatingsVirtualService }.RunAsync("analyze", "-f", "-");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 resource in 1 file", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_Directory_ReadsItsPolicyFilesOnly()
    {
        using var dir = new TempDirectory();
        dir.Write("policy/ratings.yaml", Samples.RatingsVirtualService);
        dir.Write("policy/bad.yml", Samples.InvalidVirtualService);
        dir.Write("policy/notes.txt", "not policy");

        var result = await new CliRun { WorkingDirectory = dir.Path }.RunAsync("analyze", "-f", "policy");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.All(result.OutLines[..^1], l => Assert.StartsWith(Path.Combine("policy", "bad.yml") + "[#1]", l, StringComparison.Ordinal));
        Assert.DoesNotContain("notes.txt", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_NamespaceFlag_RejectsResourcesNamingAnother()
    {
        using var dir = new TempDirectory();
        dir.Write("vs.yaml", Samples.RatingsVirtualService.Replace("  name: ratings", "  name: ratings\n  namespace: other", StringComparison.Ordinal));

        var result = await new CliRun { WorkingDirectory = dir.Path }.RunAsync("analyze", "-f", "vs.yaml", "-n", "bookinfo");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("metadata.namespace: \"other\" does not match", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_MissingFile_ExitsOneNamingThePath()
    {
        using var dir = new TempDirectory();

        var result = await new CliRun { WorkingDirectory = dir.Path }.RunAsync("analyze", "-f", "nope.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("error: the path \"nope.yaml\" does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_NeverNeedsTheServer()
    {
        var result = await CliRun.Run("analyze", "-f", Samples.DestinationRuleAll, "--server", UnusedPort.ServerUrl());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
    }
}
