using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.Cli.Tests.Infrastructure;

/// <summary>Policy files used across tests: real conformance samples and small hand-written ones.</summary>
internal static class Samples
{
    public static string DestinationRuleAll => Conformance.File("istio/samples/bookinfo/networking/destination-rule-all.yaml");

    public static string VirtualServiceAllV1 => Conformance.File("istio/samples/bookinfo/networking/virtual-service-all-v1.yaml");

    public static string ReviewsSplit => Conformance.File("istio/samples/bookinfo/networking/virtual-service-reviews-80-20.yaml");

    /// <summary>Two errors: an unsupported field and a weight of 50 on a single destination.</summary>
    public const string InvalidVirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: bad
        spec:
          hosts: [reviews]
          http:
          - corsPolicy: {}
            route:
            - destination: {host: reviews}
              weight: 50
        """;

    public const string RatingsVirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: ratings
        spec:
          hosts: [ratings]
          http:
          - route:
            - destination: {host: ratings}
        """;

    /// <summary>Parses a file into resources, as the server would hold them, stamped with a creation time.</summary>
    public static IReadOnlyList<MeshResource> Resources(string path, DateTimeOffset created, string? @namespace = null)
    {
        var result = PolicyParser.Parse(File.ReadAllText(path), Path.GetFileName(path), new PolicyParseOptions { EnforcedNamespace = @namespace });
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        foreach (var r in result.Resources)
        {
            r.Metadata.CreationTimestamp = created;
        }

        return result.Resources;
    }
}
