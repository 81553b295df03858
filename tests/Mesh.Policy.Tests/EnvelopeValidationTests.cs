using Mesh.Policy.Parsing;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Validation;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

/// <summary>apiVersion, kind, metadata, top-level fields, duplicates and namespaces: what every resource has.</summary>
public class EnvelopeValidationTests
{
    private const string Reviews = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
        """;

    [Theory]
    [InlineData("networking.istio.io/v1", "Gateway", "no ingress or egress gateway")]
    [InlineData("security.istio.io/v1", "RequestAuthentication", "JWT authentication is not implemented")]
    [InlineData("networking.istio.io/v1", "Sidecar", "no sidecar")]
    [InlineData("telemetry.istio.io/v1", "Telemetry", "configured in code")]
    [InlineData("networking.istio.io/v1alpha3", "EnvoyFilter", "no Envoy")]
    [InlineData("specs.smi-spec.io/v1alpha4", "UDPRoute", "HTTP traffic only")]
    [InlineData("v1", "Service", "Kubernetes object")]
    [InlineData("apps/v1", "Deployment", "Kubernetes object")]
    public void Parse_UnsupportedKind_SaysNotSupportedAndWhy(string apiVersion, string kind, string reason)
    {
        var error = Refused(TestYaml.Resource(apiVersion, kind, "{}", name: "thing"), "kind", $"{kind} is not supported by Mesh: ");

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(kind, error.Kind);
        Assert.Equal("thing", error.Name);
        Assert.Equal(1, error.Document);
    }

    [Fact]
    public void Parse_UnknownKind_SaysNotSupportedAndListsSupportedKinds()
    {
        var error = Refused(TestYaml.Resource("example.com/v1", "Frobnicator", "{}"), "kind", "Frobnicator (example.com/v1) is not supported by Mesh");

        Assert.Contains("supported kinds: VirtualService, DestinationRule, ServiceEntry", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("virtualservice", "VirtualService")]
    [InlineData("Virtualservice", "VirtualService")]
    [InlineData("HttpRouteGroup", "HTTPRouteGroup")]
    public void Parse_KindWithWrongCase_SuggestsTheExactName(string written, string exact)
    {
        Refused(TestYaml.Resource("networking.istio.io/v1", written, "{}"), "kind", $"unknown kind \"{written}\" (did you mean \"{exact}\"? kinds are case-sensitive)");
    }

    [Fact]
    public void Parse_MissingKind_Reported()
    {
        Refused("apiVersion: networking.istio.io/v1\nmetadata: {name: reviews}\nspec: {host: reviews}\n", "kind", "required field is missing");
    }

    [Fact]
    public void Parse_KindNotAString_SaysWhatWasFound()
    {
        Refused("apiVersion: networking.istio.io/v1\nkind: [VirtualService]\nmetadata: {name: reviews}\n", "kind", "must be the name of a kind (e.g. kind: VirtualService), not a list");
    }

    [Theory]
    [InlineData("networking.istio.io/v2")]
    [InlineData("networking.istio.io/v1beta2")]
    [InlineData("security.istio.io/v1")]
    [InlineData("v1")]
    public void Parse_UnknownApiVersion_ListsAcceptedVersions(string apiVersion)
    {
        var error = Refused(Reviews.Replace("networking.istio.io/v1", apiVersion, StringComparison.Ordinal), "apiVersion", $"\"{apiVersion}\" is not a supported version of DestinationRule");

        Assert.EndsWith("use one of networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("networking.istio.io/v1beta1")]
    [InlineData("networking.istio.io/v1alpha3")]
    public void Parse_OlderApiVersion_AcceptedAndKept(string apiVersion)
    {
        var dr = ParseSingle<DestinationRule>(Reviews.Replace("networking.istio.io/v1", apiVersion, StringComparison.Ordinal));

        Assert.Equal(apiVersion, dr.ApiVersion);
    }

    [Fact]
    public void Parse_MissingApiVersion_WarnsAndAssumesNewest()
    {
        var result = Parse("kind: DestinationRule\nmetadata: {name: reviews}\nspec: {host: reviews}\n");

        NoErrors(result);
        var warning = Warning(result.Diagnostics, "apiVersion", "missing; assuming networking.istio.io/v1");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("networking.istio.io/v1", Assert.Single(result.Resources).ApiVersion);
    }

    [Fact]
    public void Parse_MissingName_ReportsMetadataName()
    {
        Refused("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {namespace: bookinfo}\nspec: {host: reviews}\n", "metadata.name", "required field is missing");
        Refused("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nspec: {host: reviews}\n", "metadata.name", "required field is missing");
        Refused("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: \"\"}\nspec: {host: reviews}\n", "metadata.name", "must not be empty");
    }

    [Fact]
    public void Parse_TwoResourcesWithoutName_NotReportedAsDuplicates()
    {
        const string nameless = "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {namespace: bookinfo}\nspec: {host: reviews}\n";

        var result = Parse(nameless + "---\n" + nameless);

        Assert.Equal(2, result.Errors.Count());
        Assert.All(result.Errors, e => Assert.Equal("required field is missing", e.Message));
    }

    [Theory]
    [InlineData("Reviews")]
    [InlineData("reviews_v1")]
    [InlineData("-reviews")]
    public void Parse_InvalidName_ExplainsTheRule(string name)
    {
        Refused(Reviews.Replace("name: reviews", $"name: {name}", StringComparison.Ordinal), "metadata.name", $"\"{name}\" is not a valid name: use lower-case letters");
    }

    [Fact]
    public void Parse_InvalidNamespace_Reported()
    {
        Refused(Reviews.Replace("  name: reviews", "  name: reviews\n  namespace: Book.Info", StringComparison.Ordinal), "metadata.namespace", "\"Book.Info\" is not a valid namespace");
    }

    [Fact]
    public void Parse_UnsupportedMetadataField_Reported()
    {
        Refused(Reviews.Replace("  name: reviews", "  name: reviews\n  generateName: reviews-", StringComparison.Ordinal), "metadata.generateName", "not supported by Mesh: give every resource an explicit name");
    }

    [Fact]
    public void Parse_UnknownTopLevelField_Reported()
    {
        Refused(Reviews + "\nextra: true\n", "extra", "unknown top-level field; a resource has apiVersion, kind, metadata and spec");
    }

    [Fact]
    public void Parse_SpecFieldAtTopLevel_SaysItBelongsUnderSpec()
    {
        Refused("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews}\nhost: reviews\n", "host", "\"host\" belongs under spec (spec.host)");
    }

    [Fact]
    public void Parse_SameResourceTwice_ReportsSecondWithFirstLocation()
    {
        var result = Parse(Reviews + "\n---\n" + Reviews);

        var error = Error(result, "metadata.name", "duplicate resource: DestinationRule default/reviews is also defined in test.yaml[#1]");
        Assert.Equal(2, error.Document);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Parse_SameNameDifferentKindOrNamespace_NotDuplicates()
    {
        var otherNamespace = Reviews.Replace("  name: reviews", "  name: reviews\n  namespace: bookinfo", StringComparison.Ordinal);
        var virtualService = TestYaml.VirtualService(TestYaml.SimpleRoute);

        var result = Parse(Reviews + "\n---\n" + otherNamespace + "\n---\n" + virtualService);

        Clean(result);
        Assert.Equal(3, result.Resources.Count);
    }

    [Fact]
    public void Parse_ExplicitDefaultNamespaceAndOmittedNamespace_AreDuplicates()
    {
        var explicitDefault = Reviews.Replace("  name: reviews", "  name: reviews\n  namespace: default", StringComparison.Ordinal);

        var result = Parse(Reviews + "\n---\n" + explicitDefault);

        Error(result, "metadata.name", "duplicate resource: DestinationRule default/reviews");
    }

    [Fact]
    public void ParseMany_SameResourceInTwoSources_ReportsDuplicateNamingFirstSource()
    {
        var result = PolicyParser.ParseMany([(Reviews, "a.yaml"), ("# other\n" + Reviews, "b.yaml")]);

        var error = Error(result, "metadata.name", "is also defined in a.yaml[#1]");
        Assert.Equal("b.yaml", error.Source);
        Assert.Equal(1, error.Document);
    }

    [Fact]
    public void ParseMany_DifferentResources_ParsesAllAndKeepsSources()
    {
        var result = PolicyParser.ParseMany([(Reviews, "a.yaml"), (TestYaml.VirtualService(TestYaml.SimpleRoute + "\n  timeout: 7"), "b.yaml")]);

        var error = Error(result, "spec.http[0].timeout", "missing unit");
        Assert.Equal("b.yaml", error.Source);
        Assert.Equal("reviews", Assert.Single(result.Resources).Metadata.Name);
    }

    [Fact]
    public void ParseMany_InvalidYamlInOneSource_NamesThatSourceAndFailsTheApply()
    {
        var result = PolicyParser.ParseMany([(Reviews, "a.yaml"), ("kind: [\n", "b.yaml")]);

        var error = Error(result, "", "invalid YAML at line");
        Assert.Equal("b.yaml", error.Source);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Parse_EnforcedNamespace_GivenToResourcesWithoutOne()
    {
        var result = Parse(Reviews, new PolicyParseOptions { EnforcedNamespace = "bookinfo" });

        Clean(result);
        Assert.Equal("bookinfo", Assert.Single(result.Resources).Metadata.Namespace);
    }

    [Fact]
    public void Parse_EnforcedNamespace_ConflictingNamespaceReported()
    {
        var text = Reviews.Replace("  name: reviews", "  name: reviews\n  namespace: foo", StringComparison.Ordinal);

        var result = Parse(text, new PolicyParseOptions { EnforcedNamespace = "bookinfo" });

        var error = Error(result, "metadata.namespace", "\"foo\" does not match the namespace given on the command line (\"bookinfo\")");
        Assert.Equal("foo", error.Namespace);
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_EnforcedNamespace_SameNamespaceAccepted()
    {
        var text = Reviews.Replace("  name: reviews", "  name: reviews\n  namespace: bookinfo", StringComparison.Ordinal);

        Clean(Parse(text, new PolicyParseOptions { EnforcedNamespace = "bookinfo" }));
    }

    [Fact]
    public void Parse_DefaultNamespaceOption_UsedWhenNoneGiven()
    {
        var result = Parse(Reviews, new PolicyParseOptions { DefaultNamespace = "bookinfo" });

        Assert.Equal("bookinfo", Assert.Single(result.Resources).Metadata.Namespace);
    }

    [Fact]
    public void Parse_ErrorsInSeveralDocuments_ReportsEveryOneWithItsResource()
    {
        var result = Parse($$"""
            {{TestYaml.VirtualService(TestYaml.SimpleRoute + "\n  timeout: 7\n  corsPolicy: {}", name: "one")}}
            ---
            {{Reviews}}
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: two, namespace: bookinfo}
            spec:
              host: reviews
              trafficPolicy:
                loadBalancer: {simple: FASTEST}
            """);

        var timeout = Error(result, "spec.http[0].timeout", "missing unit");
        var cors = Error(result, "spec.http[0].corsPolicy", "not supported");
        var gateway = Error(result, "kind", "Gateway is not supported");
        var lb = Error(result, "spec.trafficPolicy.loadBalancer.simple", "FASTEST");
        Assert.Equal(4, result.Errors.Count());
        Assert.Equal((1, "VirtualService", "one"), (timeout.Document, timeout.Kind, timeout.Name));
        Assert.Equal((1, "VirtualService", "one"), (cors.Document, cors.Kind, cors.Name));
        Assert.Equal((3, "Gateway", "gw"), (gateway.Document, gateway.Kind, gateway.Name));
        Assert.Equal((4, "DestinationRule", "two", "bookinfo"), (lb.Document, lb.Kind, lb.Name, lb.Namespace));
        Assert.Equal("reviews", Assert.Single(result.Resources).Metadata.Name);
    }
}
