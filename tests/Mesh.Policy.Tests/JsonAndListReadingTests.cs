using System.Text.Json.Nodes;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

/// <summary>JSON input (an object, an array) and kubectl's <c>kind: List</c>, each item numbered as its own document.</summary>
public class JsonAndListReadingTests
{
    [Fact]
    public void Parse_JsonObject_ReadsResource()
    {
        var dr = ParseSingle<DestinationRule>("""
            {
              "apiVersion": "networking.istio.io/v1",
              "kind": "DestinationRule",
              "metadata": { "name": "reviews", "namespace": "bookinfo" },
              "spec": { "host": "reviews", "subsets": [ { "name": "v1", "labels": { "version": "v1" } } ] }
            }
            """);

        Assert.Equal("bookinfo", dr.Metadata.Namespace);
        Assert.Equal("v1", Assert.Single(dr.Spec.Subsets!).Labels!["version"]);
    }

    [Fact]
    public void Parse_JsonIndentedWithTabs_ReadsResource()
    {
        var dr = ParseSingle<DestinationRule>("{\n\t\"apiVersion\": \"networking.istio.io/v1\",\n\t\"kind\": \"DestinationRule\",\n\t\"metadata\": {\"name\": \"reviews\"},\n\t\"spec\": {\"host\": \"reviews\"}\n}\n");

        Assert.Equal("reviews", dr.Spec.Host);
    }

    [Fact]
    public void Parse_JsonArray_EachItemIsItsOwnDocument()
    {
        var result = Parse("""
            [
              {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "reviews"}, "spec": {"host": "reviews"}},
              {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "ratings"}, "spec": {"host": "ratings", "trafficPolicy": {"loadBalancer": {"simple": "FASTEST"}}}}
            ]
            """);

        var error = Error(result, "spec.trafficPolicy.loadBalancer.simple", "unknown value \"FASTEST\"");
        Assert.Equal(2, error.Document);
        Assert.Equal("ratings", error.Name);
        Assert.Equal("reviews", Assert.Single(result.Resources).Metadata.Name);
    }

    [Fact]
    public void Parse_KindList_ReadsEveryItem()
    {
        var result = Parse("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: networking.istio.io/v1
              kind: DestinationRule
              metadata: {name: reviews}
              spec: {host: reviews}
            - apiVersion: networking.istio.io/v1
              kind: DestinationRule
              metadata: {name: ratings}
              spec: {host: ratings}
            """);

        Clean(result);
        Assert.Equal(["reviews", "ratings"], result.Resources.Select(r => r.Metadata.Name));
    }

    [Fact]
    public void Parse_JsonKindList_NumbersItemsForDiagnostics()
    {
        var result = Parse("""
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "reviews"}, "spec": {"host": "reviews"}},
              {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "ratings"}, "spec": {"hots": "ratings"}}
            ]}
            """);

        var error = Error(result, "spec.hots", "unknown field");
        Assert.Equal(2, error.Document);
        Error(result, "spec.host", "required field is missing");
    }

    [Fact]
    public void ParseNodes_JsonTrees_ParsesAndNumbersEachTree()
    {
        var good = JsonNode.Parse("""{"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "reviews"}, "spec": {"host": "reviews"}}""");
        var bad = JsonNode.Parse("""{"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "ratings"}, "spec": {"host": ["ratings"]}}""");

        var result = PolicyParser.ParseNodes([good, bad], "api");

        var error = Error(result, "spec.host", "must be a string, not a list");
        Assert.Equal(2, error.Document);
        Assert.Equal("api", error.Source);
        Assert.Equal("reviews", Assert.Single(result.Resources).Metadata.Name);
    }
}
