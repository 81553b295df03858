using Mesh.BookInfo.Tests.Infrastructure;
using Mesh.Cli;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests;

/// <summary>The sample's networking folder keeps its promises: Istio's files unchanged, and every file valid for Mesh.</summary>
public sealed class SampleFilesTests
{
    /// <summary>Copies renamed from istio.io's request-timeouts task (see networking/NOTICE).</summary>
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["request-timeouts-reviews-v2.yaml"] = "istio.io/extracted/traffic-management/request-timeouts/snip_request_timeouts_1.yaml",
        ["request-timeouts-ratings-delay-2s.yaml"] = "istio.io/extracted/traffic-management/request-timeouts/snip_request_timeouts_3.yaml",
        ["request-timeouts-reviews-v2-timeout-0.5s.yaml"] = "istio.io/extracted/traffic-management/request-timeouts/snip_request_timeouts_5.yaml",
    };

    public static TheoryData<string> SampleFiles() =>
        [.. Directory.EnumerateFiles(Files.SampleDirectory, "*.yaml").Select(static f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task SampleFile_IsIstiosByteForByte_OrSaysItIsAdapted(string name)
    {
        var sample = await File.ReadAllBytesAsync(Files.Sample(name));
        var source = Renamed.TryGetValue(name, out var renamed) ? Conformance.File(renamed) : Files.Bookinfo(name);

        if (File.Exists(source))
        {
            Assert.Equal(await File.ReadAllBytesAsync(source), sample);
        }
        else
        {
            Assert.StartsWith("# Adapted for BookInfo (not an Istio file)", await File.ReadAllTextAsync(Files.Sample(name)), StringComparison.Ordinal);
        }

        Assert.Contains(name, await File.ReadAllTextAsync(Path.Combine(Files.SampleDirectory, "NOTICE")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task SampleFile_MeshctlAnalyzeFindsNoError(string name)
    {
        // One file at a time: the files are alternatives (several define the reviews VirtualService), not one set.
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await MeshCtl.RunAsync(["analyze", "-f", Files.Sample(name)], new MeshCtlContext { Out = output, Error = error, GetEnvironmentVariable = _ => null });

        Assert.True(exitCode == 0, $"{output}\n{error}");
    }
}
