using System.Globalization;
using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Resilience;
using Mesh.Client.Routing;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;

namespace Mesh.Client.Tests.Routing;

/// <summary>Parses policy YAML and compiles it the way the runtime does, for routing unit tests.</summary>
internal static class TestPolicies
{
    /// <summary>The calling process: productpage v1 in namespace default.</summary>
    public static readonly CallerIdentity Caller = new(
        "productpage",
        "default",
        new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = "productpage", ["version"] = "v1" });

    /// <summary>Shared by every test snapshot: connection pools are created lazily and no test sends through them.</summary>
    private static readonly MeshTransport Transport = new();

    public const string ReviewsSubsets = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
          - name: v3
            labels:
              version: v3
        """;

    public static IReadOnlyList<MeshResource> Parse(string yaml)
    {
        var result = PolicyParser.Parse(yaml);
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Errors));
        return result.Resources;
    }

    public static MeshSnapshot Compile(string yaml, CallerIdentity? caller = null, int seed = 1) =>
        Compiler(caller, seed).Compile([.. Parse(yaml)], revision: 7);

    /// <summary>A compiler as the runtime builds one; nothing here opens a socket.</summary>
    public static SnapshotCompiler Compiler(CallerIdentity? caller = null, int seed = 1, EndpointRegistry? endpoints = null) =>
        new(caller ?? Caller, endpoints ?? new EndpointRegistry(), new DestinationRegistry(), Transport, new SeededMeshRandom(seed), TimeProvider.System);

    public static string Join(params string[] documents) => string.Join("\n---\n", documents);

    /// <summary>One WorkloadEntry per version, labelled app and version, at 10.0.{index}.{n}:9080.</summary>
    public static string Workloads(string app, params string[] versions) => Workloads(app, "default", 0, versions);

    public static string Workloads(string app, string ns, int index, params string[] versions)
    {
        var documents = new string[versions.Length];
        for (var i = 0; i < versions.Length; i++)
        {
            documents[i] = string.Create(CultureInfo.InvariantCulture, $"""
                apiVersion: networking.istio.io/v1
                kind: WorkloadEntry
                metadata:
                  name: {app}-{versions[i]}-{i + 1}
                  namespace: {ns}
                spec:
                  address: 10.0.{index}.{i + 1}
                  ports:
                    http: 9080
                  labels:
                    app: {app}
                    version: {versions[i]}
                """);
        }

        return Join(documents);
    }

    public static CompiledService Resolve(MeshSnapshot snapshot, string host)
    {
        Assert.True(snapshot.TryResolve(host, out var service), $"{host} does not resolve; hosts: {string.Join(", ", snapshot.Hosts)}");
        return service;
    }

    public static SubsetTarget Target(MeshSnapshot snapshot, string name)
    {
        foreach (var target in snapshot.Targets)
        {
            if (target.Name == name)
            {
                return target;
            }
        }

        Assert.Fail($"no target {name}");
        return null!;
    }

    /// <summary>The route a request takes, as MeshHandler chooses it: the first that matches, or null.</summary>
    public static CompiledRoute? Route(CompiledService service, HttpRequestMessage request) =>
        service.TryRoute(request, request.RequestUri!, out var route, out _) ? route : null;

    public static HttpRequestMessage Get(string url, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>How often each target name is picked in <paramref name="picks"/> picks.</summary>
    public static Dictionary<string, int> CountPicks(CompiledRoute route, int picks, int seed)
    {
        var random = new SeededMeshRandom(seed);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var target in route.Targets)
        {
            counts[target.Target.Name] = 0;
        }

        for (var i = 0; i < picks; i++)
        {
            counts[route.PickTarget(random).Target.Name]++;
        }

        return counts;
    }
}
