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

    /// <summary>
    /// Every sample file, with the NotEnforced warnings it must give: (document, field path). A file added to or
    /// removed from the directory, and a warning that appears or goes (a new gap, or a feature that lands), fail a test
    /// until this table says so.
    /// </summary>
    private static readonly Dictionary<string, (int Document, string Path)[]> ExpectedNotEnforced = new(StringComparer.Ordinal)
    {
        [AuthnPolicy + "snip_enable_mutual_tls_per_workload_1.yaml"] = [],
        [AuthnPolicy + "snip_enable_mutual_tls_per_workload_4.yaml"] = [],
        [AuthnPolicy + "snip_enduser_authentication_5.yaml"] = [],
        [AuthnPolicy + "snip_enduser_authentication_6.yaml"] = [],
        [AuthnPolicy + "snip_globally_enabling_istio_mutual_tls_in_strict_mode_1.yaml"] = [],
        [AuthnPolicy + "snip_namespacewide_policy_1.yaml"] = [],
        [AuthnPolicy + "snip_policy_precedence_1.yaml"] = [],
        [AuthnPolicy + "snip_require_a_valid_token_1.yaml"] = [],
        [AuthnPolicy + "snip_require_a_valid_token_2.yaml"] = [],
        [AuthnPolicy + "snip_require_valid_tokens_perpath_1.yaml"] = [],
        [AuthnPolicy + "snip_require_valid_tokens_perpath_2.yaml"] = [],
        ["istio.io/extracted/security/authentication/mtls-migration/snip_lock_down_mutual_tls_for_the_entire_mesh_1.yaml"] = [],
        ["istio.io/extracted/security/authentication/mtls-migration/snip_lock_down_to_mutual_tls_by_namespace_1.yaml"] = [],
        ["istio.io/extracted/security/authorization/authz-http/snip_configure_access_control_for_workloads_using_http_traffic_1.yaml"] = [],
        ["istio.io/extracted/security/authorization/authz-http/snip_configure_access_control_for_workloads_using_http_traffic_2.yaml"] = [],
        ["istio.io/extracted/security/authorization/authz-http/snip_configure_access_control_for_workloads_using_http_traffic_3.yaml"] = [],
        ["istio.io/extracted/security/authorization/authz-http/snip_configure_access_control_for_workloads_using_http_traffic_4.yaml"] = [],
        ["istio.io/extracted/security/authorization/authz-http/snip_configure_access_control_for_workloads_using_http_traffic_5.yaml"] = [],
        ["istio.io/extracted/traffic-management/circuit-breaking/snip_configuring_the_circuit_breaker_1.yaml"] = [],
        ["istio.io/extracted/traffic-management/egress/egress-control/snip_access_an_external_http_service_1.yaml"] = [(1, "spec.resolution")],
        ["istio.io/extracted/traffic-management/egress/egress-control/snip_access_an_external_https_service_1.yaml"] = [(1, "spec.resolution")],
        ["istio.io/extracted/traffic-management/egress/egress-control/snip_manage_traffic_to_external_services_2.yaml"] = [],
        ["istio.io/extracted/traffic-management/mirroring/snip_creating_a_default_routing_policy_1.yaml"] = [],
        ["istio.io/extracted/traffic-management/mirroring/snip_mirroring_traffic_to_httpbinv2_1.yaml"] = [],
        ["istio.io/extracted/traffic-management/request-timeouts/snip_request_timeouts_1.yaml"] = [],
        ["istio.io/extracted/traffic-management/request-timeouts/snip_request_timeouts_3.yaml"] = [],
        ["istio.io/extracted/traffic-management/request-timeouts/snip_request_timeouts_4.yaml"] = [],
        ["istio.io/extracted/traffic-management/request-timeouts/snip_request_timeouts_5.yaml"] = [],
        [Bookinfo + "bookinfo-gateway.yaml"] = [(2, "spec.hosts[0]"), (2, "spec.http[0].route[0].destination.port")],
        [Bookinfo + "certmanager-gateway.yaml"] = [(2, "spec.hosts[0]"), (2, "spec.http[0].route[0].destination.port")],
        [Bookinfo + "destination-rule-all-mtls.yaml"] = [],
        [Bookinfo + "destination-rule-all.yaml"] = [],
        [Bookinfo + "destination-rule-reviews.yaml"] = [],
        [Bookinfo + "egress-rule-google-apis.yaml"] = [(1, "spec.ports"), (1, "spec.resolution"), (2, "spec.http[0].route[0].destination.port"), (3, "spec.trafficPolicy.portLevelSettings")],
        [Bookinfo + "fault-injection-details-v1.yaml"] = [],
        [Bookinfo + "virtual-service-all-v1.yaml"] = [],
        [Bookinfo + "virtual-service-details-v2.yaml"] = [],
        [Bookinfo + "virtual-service-ratings-db.yaml"] = [],
        [Bookinfo + "virtual-service-ratings-mysql-vm.yaml"] = [],
        [Bookinfo + "virtual-service-ratings-mysql.yaml"] = [],
        [Bookinfo + "virtual-service-ratings-test-abort.yaml"] = [],
        [Bookinfo + "virtual-service-ratings-test-delay.yaml"] = [],
        [Bookinfo + "virtual-service-reviews-50-v3.yaml"] = [],
        [Bookinfo + "virtual-service-reviews-80-20.yaml"] = [],
        [Bookinfo + "virtual-service-reviews-90-10.yaml"] = [],
        [Bookinfo + "virtual-service-reviews-jason-v2-v3.yaml"] = [],
        [Bookinfo + "virtual-service-reviews-test-v2.yaml"] = [],
        [Bookinfo + "virtual-service-reviews-v2-v3.yaml"] = [],
        [Bookinfo + "virtual-service-reviews-v3.yaml"] = [],
        ["istio/samples/external/aptget.yaml"] = [],
        ["istio/samples/external/github.yaml"] = [(2, "spec.addresses"), (2, "spec.ports[0].protocol")],
        ["istio/samples/external/pypi.yaml"] = [],
        ["istio/samples/httpbin/httpbin-gateway.yaml"] = [(2, "spec.hosts[0]"), (2, "spec.http[0].route[0].destination.port")],
        ["istio/samples/httpbin/httpbin.yaml"] = [],
        ["istio/samples/httpbin/sample-client/fortio-deploy.yaml"] = [],
        ["osm-docs/manifests/access/traffic-access-v1-allow-bookthief.yaml"] = [],
        ["osm-docs/manifests/access/traffic-access-v1.yaml"] = [],
        ["osm-docs/manifests/apps/bookstore-v2.yaml"] = [],
        ["osm-docs/manifests/samples/canary/httpbin-split.yaml"] = [],
        ["osm-docs/manifests/split/traffic-split-50-50.yaml"] = [],
        ["osm-docs/manifests/split/traffic-split-v1.yaml"] = [],
        ["osm-docs/manifests/split/traffic-split-v2.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-access/v1alpha3/example-01-L46-65.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-access/v1alpha3/example-02-L73-93.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-access/v1alpha3/example-03-L126-189.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-access/v1alpha3/example-04-L206-241.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-specs/v1alpha4/example-01-L27-38.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-specs/v1alpha4/example-02-L53-61.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-specs/v1alpha4/example-03-L81-90.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-specs/v1alpha4/example-04-L97-109.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-specs/v1alpha4/example-05-L118-129.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-specs/v1alpha4/example-06-L143-150.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-specs/v1alpha4/example-07-L157-162.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-specs/v1alpha4/example-08-L170-177.yaml"] = [],
        ["smi-spec/extracted/apis/traffic-specs/v1alpha4/example-09-L184-189.yaml"] = [],
        [SmiSplit + "v1alpha2/example-01-L27-39.yaml"] = [],
        [SmiSplit + "v1alpha2/example-02-L173-183.yaml"] = [],
        [SmiSplit + "v1alpha2/example-03-L206-216.yaml"] = [],
        [SmiSplit + "v1alpha2/example-04-L229-237.yaml"] = [],
        [SmiSplit + "v1alpha2/example-05-L269-279.yaml"] = [],
        [SmiSplit + "v1alpha2/example-06-L308-318.yaml"] = [],
        [SmiSplit + "v1alpha4/example-01-L47-58.yaml"] = [],
        [SmiSplit + "v1alpha4/example-02-L67-87.yaml"] = [],
        [SmiSplit + "v1alpha4/example-03-L232-241.yaml"] = [],
        [SmiSplit + "v1alpha4/example-04-L264-273.yaml"] = [],
        [SmiSplit + "v1alpha4/example-05-L286-293.yaml"] = [],
        [SmiSplit + "v1alpha4/example-06-L325-334.yaml"] = [],
        [SmiSplit + "v1alpha4/example-07-L363-372.yaml"] = [],
    };

    public static TheoryData<ConformanceFile> Files() => new(RelativePaths().Select(path => new ConformanceFile(path)));

    public static TheoryData<ConformanceFile> FilesWithOutOfScopeKinds() =>
        new(RelativePaths().Where(path => ReadDocuments(path).Any(d => OutOfScopeKinds.Contains(d.Kind ?? ""))).Select(path => new ConformanceFile(path)));

    [Fact]
    public void Files_ConformanceDirectory_HoldsExactlyTheListedSamples()
    {
        var files = RelativePaths().ToList();

        Assert.Equal(ExpectedNotEnforced.Keys.Order(StringComparer.Ordinal), files);
        Assert.All(ExpectedErrors.Keys, file => Assert.Contains(file, files));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_ConformanceFile_WarnsNotEnforcedExactlyAsListed(ConformanceFile conformanceFile)
    {
        var file = conformanceFile.Path;
        var result = ParseSample(file);

        var notEnforced = result.Warnings.Where(w => w.Code == PolicyDiagnostic.NotEnforcedCode).Select(w => (w.Document, w.Path)).ToList();

        Assert.Equal(ExpectedNotEnforced.GetValueOrDefault(file, [(-1, "the file is not listed in ExpectedNotEnforced")]), notEnforced);
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
