namespace Mesh.Server.Tests;

/// <summary>Small policy documents used across the tests.</summary>
internal static class Yaml
{
    public static string DestinationRule(string host, params string[] subsets) => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: {host}
        spec:
          host: {host}
          subsets:
        {string.Concat(subsets.Select(s => $"  - name: {s}\n    labels:\n      version: {s}\n"))}
        """;

    public static string VirtualService(string host, string subset, int timeoutSeconds = 3) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {host}
        spec:
          hosts:
          - {host}
          http:
          - route:
            - destination:
                host: {host}
                subset: {subset}
            timeout: {timeoutSeconds}s
        """;

    public const string InvalidVirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: broken
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: v1
              weight: 70
            - destination:
                host: reviews
                subset: v2
              weight: 20
            timeout: soon
        """;

    public static string Join(params string[] documents) => string.Join("\n---\n", documents);
}
