using System.Text;
using Mesh.Policy.Parsing;
using Mesh.Testing;

namespace Mesh.Policy.Tests;

/// <summary>
/// The parser against hostile bodies and seeded mutations of every conformance file: it never throws or hangs,
/// bounds what it reports, and every error names a field, a position or a limit. Seeds are fixed, so a failure
/// names the seed and case that replay it.
/// </summary>
public class ParserFuzzTests
{
    private const int BaseSeed = 20_261_208;
    private const int MutationsPerFile = 12;

    // Generous: a hang fails the test; how fast a parse is, is not asserted.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static TheoryData<string> HostileNames() => [.. HostileInputs.All.Select(h => h.Name)];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task Parse_HostileBody_IsRefusedOrReadWithinBounds(string name)
    {
        var body = HostileInputs.All.Single(h => h.Name == name).Body;

        await CheckAsync(body, name);
    }

    [Fact]
    public async Task Parse_MutatedConformanceFiles_AreRefusedOrReadWithinBounds()
    {
        var files = ConformanceSamples.RelativePaths().ToList();
        Assert.NotEmpty(files);
        for (var f = 0; f < files.Count; f++)
        {
            var text = await File.ReadAllTextAsync(Conformance.File(files[f]));
            var mutator = new PolicyMutator(BaseSeed + f);
            for (var i = 0; i < MutationsPerFile; i++)
            {
                await CheckAsync(mutator.Mutate(text), $"{files[f]}, seed {mutator.Seed}, mutation {i}");
            }
        }
    }

    [Fact]
    public void Mutator_SameSeed_GivesTheSameBytes()
    {
        var text = File.ReadAllText(Conformance.File(ConformanceSamples.RelativePaths().First()));

        Assert.Equal(new PolicyMutator(7).Mutate(text), new PolicyMutator(7).Mutate(text));
    }

    private static async Task CheckAsync(byte[] body, string what)
    {
        // Decoded as the server reads a body (a byte order mark picks the encoding) and as plain UTF-8.
        using var reader = new StreamReader(new MemoryStream(body), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var text in new[] { await reader.ReadToEndAsync(), Encoding.UTF8.GetString(body) })
        {
            PolicyParseResult result;
            try
            {
                // On a pool thread, whose stack is the size a server request gets.
                result = await Task.Run(() => PolicyParser.Parse(text, "fuzz.yaml")).WaitAsync(HangGuard);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"the parser hung (over {HangGuard.TotalSeconds} s) on {what} ({FuzzInvariants.Show(body)})");
                return;
            }
            catch (Exception ex)
            {
                Assert.Fail($"the parser threw {ex.GetType().Name} on {what} ({FuzzInvariants.Show(body)}): {ex}");
                return;
            }

            Check(result, body, what);
        }
    }

    private static void Check(PolicyParseResult result, byte[] body, string what)
    {
        Assert.True(result.Diagnostics.Count <= FuzzInvariants.MaxDiagnostics, $"{result.Diagnostics.Count} diagnostics for {what} ({FuzzInvariants.Show(body)})");
        foreach (var d in result.Diagnostics)
        {
            var line = d.ToString();
            if (d.IsError && !FuzzInvariants.NamesAFieldOrALimit(d))
            {
                Assert.Fail($"an error that names no field, position or limit for {what} ({FuzzInvariants.Show(body)}): {line}");
            }

            if (line.Length > 4 * PolicyInputLimits.MaxReportedTextLength)
            {
                Assert.Fail($"a {line.Length}-character diagnostic for {what}: {line[..200]}");
            }
        }
    }
}
