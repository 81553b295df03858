using Mesh.Policy.Validation;
using Mesh.Policy.Parsing;
using Mesh.Policy.Serialization;
using Mesh.Testing;
using static Mesh.Policy.Tests.ConformanceSamples;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

/// <summary>
/// Every real Istio and SMI sample in the conformance directory (see its INDEX.md), each file its own test case:
/// in-scope documents parse and round-trip, out-of-scope kinds are refused by name, and the files known to be
/// wrong for Mesh give exactly the expected errors. What single samples ask for is in <see cref="ConformanceSampleTests"/>.
/// </summary>
public class ConformanceTests
{
    /// <summary>Kinds that appear in the samples but that Mesh does not implement.</summary>
    private static readonly HashSet<string> OutOfScopeKinds = ["Gateway", "RequestAuthentication", "UDPRoute", "Service", "Deployment", "ServiceAccount"];

    /// <summary>Errors that specific files must produce besides refused kinds: (document, field path, part of the message).</summary>
    private static readonly Dictionary<string, (int Document, string Path, string Message)[]> ExpectedErrors = new(StringComparer.Ordinal)
    {
        [Bookinfo + "bookinfo-gateway.yaml"] = [(2, "spec.gateways[0]", "gateway \"bookinfo-gateway\" is not supported")],
        [Bookinfo + "certmanager-gateway.yaml"] = [(2, "spec.gateways[0]", "gateway \"cert-manager-gateway\" is not supported")],
        ["istio/samples/httpbin/httpbin-gateway.yaml"] = [(2, "spec.gateways[0]", "gateway \"httpbin-gateway\" is not supported")],
        [AuthnPolicy + "snip_require_a_valid_token_1.yaml"] = [(1, "spec.rules[0].from[0].source.notRequestPrincipals", "not supported")],
        [AuthnPolicy + "snip_require_a_valid_token_2.yaml"] = [(1, "spec.targetRef", "not supported"), (1, "spec.rules[0].from[0].source.notRequestPrincipals", "not supported")],
        [AuthnPolicy + "snip_require_valid_tokens_perpath_1.yaml"] = [(1, "spec.rules[0].from[0].source.notRequestPrincipals", "not supported")],
        [AuthnPolicy + "snip_require_valid_tokens_perpath_2.yaml"] = [(1, "spec.targetRef", "not supported"), (1, "spec.rules[0].from[0].source.notRequestPrincipals", "not supported")],
        ["smi-spec/extracted/apis/traffic-access/v1alpha3/example-04-L206-241.yaml"] = [(3, "spec.rules[1].kind", "UDPRoute is not supported")],
        [SmiSplit + "v1alpha2/example-05-L269-279.yaml"] = [(1, "spec.backends[1].service", "self-referential")],
        [SmiSplit + "v1alpha4/example-06-L325-334.yaml"] = [(1, "spec.backends[1].service", "self-referential")],
        [SmiSplit + "v1alpha4/example-02-L67-87.yaml"] = [(2, "matches", "\"matches\" belongs under spec (spec.matches)")],
    };

    public static TheoryData<ConformanceFile> Files() => new(RelativePaths().Select(path => new ConformanceFile(path)));

    public static TheoryData<ConformanceFile> FilesWithOutOfScopeKinds() =>
        new(RelativePaths().Where(path => ReadDocuments(path).Any(d => OutOfScopeKinds.Contains(d.Kind ?? ""))).Select(path => new ConformanceFile(path)));

    [Fact]
    public void Files_ConformanceDirectory_HoldsTheSamples()
    {
        var count = RelativePaths().Count();

        Assert.True(count >= 80, $"only {count} YAML files under {Conformance.Root}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_ConformanceFile_GivesOnlyTheExpectedErrors(ConformanceFile conformanceFile)
    {
        var file = conformanceFile.Path;
        var result = ParseSample(file);
        var expected = ReadDocuments(file)
            .Where(d => OutOfScopeKinds.Contains(d.Kind ?? ""))
            .Select(d => (d.Index, Path: "kind", Message: $"{d.Kind} is not supported by Mesh"))
            .Concat(ExpectedErrors.GetValueOrDefault(file, []))
            .ToList();

        foreach (var (document, path, message) in expected)
        {
            var error = Error(result, path, message);
            Assert.Equal(document, error.Document);
            Assert.Equal(file, error.Source);
        }

        Assert.True(result.Errors.Count() == expected.Count, $"expected {expected.Count} errors; got:\n{Describe(result.Errors)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_ConformanceFile_WarnsOnlyAboutMissingApiVersion(ConformanceFile conformanceFile)
    {
        var file = conformanceFile.Path;
        var result = ParseSample(file);
        var withoutApiVersion = ReadDocuments(file).Where(d => d.ApiVersion is null && !OutOfScopeKinds.Contains(d.Kind ?? "")).Select(d => d.Index);

        var warnings = result.Warnings.Where(w => w.Code != PolicyDiagnostic.NotEnforcedCode).ToList();
        Assert.All(warnings, w => Assert.Equal("apiVersion", w.Path));
        Assert.Equal(withoutApiVersion, warnings.Select(w => w.Document));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_ConformanceFile_EveryInScopeDocumentWithoutExpectedErrorParses(ConformanceFile conformanceFile)
    {
        var file = conformanceFile.Path;
        var failing = ExpectedErrors.GetValueOrDefault(file, []).Select(e => e.Document).ToHashSet();
        var expected = ReadDocuments(file)
            .Where(d => !OutOfScopeKinds.Contains(d.Kind ?? "") && !failing.Contains(d.Index))
            .Select(d => (d.Kind, d.Name));

        var result = ParseSample(file);

        Assert.Equal(expected, result.Resources.Select(r => ((string?)r.Kind, r.Metadata.Name)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void RoundTrip_ConformanceFile_YamlThenJsonUnchanged(ConformanceFile conformanceFile)
    {
        var file = conformanceFile.Path;
        var first = ParseSample(file);

        var yaml = PolicySerializer.ToYaml(first.Resources);
        var second = PolicyParser.Parse(yaml, file + " (written)");

        var unexpected = second.Diagnostics.Where(d => d.Code != PolicyDiagnostic.NotEnforcedCode).ToList();
        Assert.True(unexpected.Count == 0, "the written YAML did not parse cleanly:\n" + Describe(unexpected) + "\n" + yaml);
        Assert.Equal(first.Resources.Count, second.Resources.Count);
        for (var i = 0; i < first.Resources.Count; i++)
        {
            Assert.Equal(PolicySerializer.ToJson(first.Resources[i]), PolicySerializer.ToJson(second.Resources[i]));
        }
    }

    [Theory]
    [MemberData(nameof(FilesWithOutOfScopeKinds))]
    public void Parse_OutOfScopeKind_RefusedNamingTheKind(ConformanceFile conformanceFile)
    {
        var file = conformanceFile.Path;
        var result = ParseSample(file);

        foreach (var document in ReadDocuments(file).Where(d => OutOfScopeKinds.Contains(d.Kind ?? "")))
        {
            var error = Assert.Single(result.Errors, e => e.Document == document.Index && e.Path == "kind");
            Assert.Equal(document.Kind, error.Kind);
            Assert.Equal(document.Name, error.Name);
            Assert.StartsWith($"{document.Kind} is not supported by Mesh: ", error.Message, StringComparison.Ordinal);
        }
    }
}
