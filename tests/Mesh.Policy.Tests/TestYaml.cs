namespace Mesh.Policy.Tests;

/// <summary>Small YAML documents for tests, with the part under test written at column 0.</summary>
internal static class TestYaml
{
    /// <summary>A VirtualService <c>reviews</c> for host <c>reviews</c> with the given <c>http:</c> list.</summary>
    public static string VirtualService(string http, string name = "reviews", string host = "reviews") => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {name}
        spec:
          hosts: [{host}]
          http:
        {Indent(http)}
        """;

    /// <summary>A resource of the given kind whose <c>spec:</c> is <paramref name="spec"/>.</summary>
    public static string Resource(string apiVersion, string kind, string spec, string name = "test", string? ns = null) => $"""
        apiVersion: {apiVersion}
        kind: {kind}
        metadata:
          name: {name}{(ns is null ? "" : "\n  namespace: " + ns)}
        spec:
        {Indent(spec)}
        """;

    /// <summary>A DestinationRule <c>reviews</c> whose <c>spec:</c> is <paramref name="spec"/>.</summary>
    public static string DestinationRule(string spec, string name = "reviews") =>
        Resource("networking.istio.io/v1", "DestinationRule", spec, name);

    /// <summary>A route to <c>reviews</c> (no subset), for resources where the route is not under test.</summary>
    public const string SimpleRoute = """
        - route:
          - destination:
              host: reviews
        """;

    public static string Indent(string text, int spaces = 2)
    {
        var pad = new string(' ', spaces);
        return string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }
}
