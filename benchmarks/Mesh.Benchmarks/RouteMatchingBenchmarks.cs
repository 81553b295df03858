using BenchmarkDotNet.Attributes;
using Mesh.Client.Balancing;
using Mesh.Client.Routing;

namespace Mesh.Benchmarks;

/// <summary>
/// Steps 1 and 2 of the outbound path alone, without I/O: resolve the request host in a compiled
/// <see cref="MeshSnapshot"/> and walk its route table to the first match (the worst case of
/// <see cref="BenchmarkPolicy"/>: ten routes, the last matches), then the weighted pick of the 90/10 split.
/// The snapshot is built as the data plane builds it: parsed resources compiled by <see cref="SnapshotCompiler"/>
/// (through <see cref="Mesh.Client.MeshRuntime.Update"/>, which owns the registries and transport it needs).
/// </summary>
/// <remarks>
/// The baseline is a hand-written router for the same table: one dictionary lookup of the host, then the same
/// nine comparisons the route table makes against values already at hand (four exact and one prefix on the
/// user, two prefixes on the path, one exact on the path in place of the regex, one exact on an absent
/// header). A dictionary lookup alone was not chosen: it is step 1 only, so the ratio would mostly count routes.
/// Against the hand-written loop the ratio is what the general matcher costs over the least work any router
/// must do for this table: reading headers from <see cref="HttpRequestMessage.Headers"/>, reading the path from
/// the <see cref="Uri"/>, running the compiled regex, and the indirections of the compiled form.
/// </remarks>
[MemoryDiagnoser]
public class RouteMatchingBenchmarks
{
    private static readonly string[] ExactUsers = ["user1", "user2", "user3", "user4"];

    private Mesh.Client.MeshRuntime _runtime = null!;
    private MeshSnapshot _snapshot = null!;
    private HttpRequestMessage _request = null!;
    private Uri _uri = null!;

    // The baseline's inputs, extracted once: what a hand-written router would compare.
    private Dictionary<string, int> _hosts = null!;
    private string _host = null!;
    private string _user = null!;
    private string _path = null!;
    private string? _canary;

    [GlobalSetup]
    public void Setup()
    {
        _runtime = BenchmarkPolicy.CompiledRuntime(9081, 9082);
        _snapshot = _runtime.Snapshot;
        _uri = new Uri(BenchmarkPolicy.MeshUrl);
        _request = new HttpRequestMessage(HttpMethod.Get, _uri);
        _request.Headers.TryAddWithoutValidation(BenchmarkPolicy.UserHeader, BenchmarkPolicy.UserValue);
        if (!_snapshot.TryResolve(_uri.Host, out var service) || service.Routes.Length != BenchmarkPolicy.RouteCount || ResolveAndMatch() != service.Routes[^1].Name)
        {
            throw new InvalidOperationException("The benchmark request must match only the last route.");
        }

        _hosts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var host in _snapshot.Hosts)
        {
            _hosts[host] = _hosts.Count;
        }

        _host = _uri.Host;
        _user = BenchmarkPolicy.UserValue;
        _path = _uri.AbsolutePath;
        _canary = null;
        if (HandWrittenComparisons() != BenchmarkPolicy.RouteCount - 1)
        {
            throw new InvalidOperationException("The baseline must fall through to the last route too.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _request.Dispose();
        _runtime.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int HandWrittenComparisons()
    {
        if (!_hosts.TryGetValue(_host, out _))
        {
            return -1;
        }

        var user = _user;
        for (var i = 0; i < ExactUsers.Length; i++)
        {
            if (string.Equals(user, ExactUsers[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        if (user.StartsWith("tester-", StringComparison.Ordinal))
        {
            return 4;
        }

        var path = _path;
        if (path.StartsWith("/admin", StringComparison.Ordinal))
        {
            return 5;
        }

        if (path.StartsWith("/api/v2", StringComparison.Ordinal))
        {
            return 6;
        }

        if (string.Equals(path, "/reviews/1", StringComparison.Ordinal))
        {
            return 7;
        }

        if (string.Equals(_canary, "true", StringComparison.Ordinal))
        {
            return 8;
        }

        return 9;
    }

    /// <summary>Resolve and route (as MeshHandler routes: guards, then the service's shared header values): the route's name.</summary>
    [Benchmark]
    public string? ResolveAndMatch() =>
        _snapshot.TryResolve(_uri.Host, out var service) && service.TryRoute(_request, _uri, out var route, out _) ? route.Name : null;

    /// <summary>Resolve, route and the weighted pick of a destination (what precedes the resilience pipeline).</summary>
    [Benchmark]
    public string? ResolveMatchAndPickTarget() =>
        _snapshot.TryResolve(_uri.Host, out var service) && service.TryRoute(_request, _uri, out var route, out _)
            ? route.PickTarget(SharedMeshRandom.Instance).Target.Name
            : null;
}
