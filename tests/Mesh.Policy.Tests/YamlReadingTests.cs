using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class YamlReadingTests
{
    private const string Reviews = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
        """;

    private const string Ratings = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: ratings
        spec:
          host: ratings
        """;

    [Fact]
    public void Parse_MultiDocumentWithTrailingSeparator_IgnoresTrailingEmptyDocument()
    {
        var result = Parse(Reviews + "\n---\n" + Ratings + "\n---\n");

        Clean(result);
        Assert.Equal(["reviews", "ratings"], result.Resources.Select(r => r.Metadata.Name));
    }

    [Fact]
    public void Parse_LeadingSeparatorAndComments_ReadsEveryDocument()
    {
        var result = Parse("# BookInfo rules\n---\n" + Reviews + "\n---\n# the ratings service\n" + Ratings + "\n");

        Clean(result);
        Assert.Equal(2, result.Resources.Count);
    }

    [Fact]
    public void Parse_EmptyInput_GivesNothingAndNoDiagnostics()
    {
        var result = Parse("");

        Clean(result);
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_ErrorInThirdDocument_NamesDocumentThree()
    {
        var result = Parse(Reviews + "\n---\n" + Ratings + "\n---\n" + Ratings.Replace("name: ratings", "name: details", StringComparison.Ordinal).Replace("host: ratings", "host: \"bad host\"", StringComparison.Ordinal));

        var error = Error(result, "spec.host", "is not a valid host name");
        Assert.Equal(3, error.Document);
        Assert.Equal(Source, error.Source);
        Assert.Equal("DestinationRule", error.Kind);
        Assert.Equal("details", error.Name);
        Assert.Equal("default", error.Namespace);
    }

    [Fact]
    public void Parse_EmptyDocumentInTheMiddle_StillCountsForDocumentNumbers()
    {
        var result = Parse(Reviews + "\n---\n---\n" + Ratings.Replace("host: ratings", "host: \"\"", StringComparison.Ordinal));

        var error = Error(result, "spec.host", "must not be empty");
        Assert.Equal(3, error.Document);
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsLineAndColumn()
    {
        var result = Parse("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n   namespace: bookinfo\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.True(error.IsError);
        Assert.Equal(Source, error.Source);
        Assert.Equal(0, error.Document);
        Assert.StartsWith("invalid YAML at line 5, column ", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_TabUsedForIndentation_PointsAtTheTab()
    {
        var result = Parse("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n\tname: reviews\n");

        var error = Error(result, "", "invalid YAML at line 4, column 1: ");
        Assert.Contains("tab", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextStartingWithByteOrderMark_ReadsFirstKey()
    {
        var dr = ParseSingle<DestinationRule>("\uFEFF" + Reviews);

        Assert.Equal("networking.istio.io/v1", dr.ApiVersion);
    }

    [Fact]
    public void Parse_WindowsLineEndings_ReadsEveryDocument()
    {
        var result = Parse((Reviews + "\n---\n" + Ratings + "\n---\n").Replace("\n", "\r\n", StringComparison.Ordinal));

        Clean(result);
        Assert.Equal(2, result.Resources.Count);
    }

    [Fact]
    public void Parse_InvalidYamlInLaterDocument_NothingIsApplied()
    {
        var result = Parse(Reviews + "\n---\nkind: DestinationRule\nmetadata: {name: x\n");

        Error(result, "", "invalid YAML at line");
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_UnclosedFlowSequence_ReportsErrorInsteadOfThrowing()
    {
        var result = Parse("apiVersion: networking.istio.io/v1\nkind: [\nmetadata:\n");

        var error = Error(result, "", "invalid YAML at line 2, column ");
        Assert.Contains("unclosed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateKey_ReportsInvalidYaml()
    {
        var result = Parse(Reviews + "\n  host: ratings\n");

        var error = Error(result, "", "invalid YAML at line 7");
        Assert.Contains("Duplicate key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DocumentThatIsNotAMap_ReportsWhatItIs()
    {
        var result = Parse(Reviews + "\n---\n- just\n- a list of strings\n");

        var error = Error(result, "", "a resource must be a map with apiVersion, kind, metadata and spec, not \"just\"");
        Assert.Equal(2, error.Document);

        var scalar = Parse("hello");
        Error(scalar, "", "not \"hello\"");
    }

    [Fact]
    public void Parse_QuotedNumberOrBoolean_StaysAString()
    {
        var result = Parse(TestYaml.VirtualService("""
            - match:
              - ignoreUriCase: "true"
              route:
              - destination:
                  host: reviews
                weight: "100"
            """));

        Error(result, "spec.http[0].match[0].ignoreUriCase", "must be true or false, not \"true\"");
        Error(result, "spec.http[0].route[0].weight", "must be a whole number, not \"100\"");
    }

    [Fact]
    public void Parse_UnquotedScalars_TypedByYamlCoreSchema()
    {
        var vs = ParseSingle<VirtualService>(TestYaml.VirtualService("""
            - match:
              - ignoreUriCase: true
                port: 9080
              route:
              - destination:
                  host: reviews
                weight: 100
            """));

        var match = vs.Spec.Http![0].Match![0];
        Assert.True(match.IgnoreUriCase);
        Assert.Equal(9080, match.Port);
        Assert.Equal(100, vs.Spec.Http[0].Route![0].Weight);
    }

    [Fact]
    public void Parse_UnquotedNumbersInStringFields_KeepTheTextAsWritten()
    {
        var dr = ParseSingle<DestinationRule>(TestYaml.DestinationRule("""
            host: reviews
            subsets:
            - name: v1
              labels:
                version: 1.10
                build: 2.0
                tier: 3
                flag: true
            """));

        var labels = dr.Spec.Subsets![0].Labels!;
        Assert.Equal("1.10", labels["version"]);
        Assert.Equal("2.0", labels["build"]);
        Assert.Equal("3", labels["tier"]);
        Assert.Equal("true", labels["flag"]);
    }

    [Fact]
    public void Parse_WrongTypeForField_SaysWhatWasExpected()
    {
        var result = Parse(TestYaml.Resource("networking.istio.io/v1", "VirtualService", """
            hosts: reviews
            http:
            - route: {destination: {host: reviews}}
            """));

        Error(result, "spec.hosts", "must be a list, not \"reviews\"");
        Error(result, "spec.http[0].route", "must be a list, not a map");
    }

    [Fact]
    public void Parse_KubectlGetOutput_AcceptsBookkeepingFields()
    {
        var dr = ParseSingle<DestinationRule>("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: |
                  {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule"}
              creationTimestamp: "2024-05-01T10:00:00Z"
              generation: 2
              managedFields:
              - apiVersion: networking.istio.io/v1
                fieldsType: FieldsV1
                fieldsV1:
                  f:spec:
                    f:host: {}
                manager: kubectl-client-side-apply
                operation: Update
                time: "2024-05-01T10:00:00Z"
              name: reviews
              namespace: bookinfo
              resourceVersion: "12345"
              uid: 0a1b2c3d-0000-4000-8000-000000000000
            spec:
              host: reviews
            status: {}
            """);

        Assert.Equal("12345", dr.Metadata.ResourceVersion);
        Assert.Equal(2, dr.Metadata.Generation);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), dr.Metadata.CreationTimestamp);
        Assert.Equal("0a1b2c3d-0000-4000-8000-000000000000", dr.Metadata.Uid);
    }
}
