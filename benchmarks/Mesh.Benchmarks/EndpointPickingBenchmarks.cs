using System.Globalization;
using BenchmarkDotNet.Attributes;
using Mesh.Client.Balancing;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Benchmarks;

/// <summary>
/// Step 5 of the outbound path alone: one endpoint pick by each balancer that <see cref="LoadBalancerFactory"/>
/// builds, over 3 and 10 endpoints. The baseline is the least a balancer can do: <see cref="Random.Shared"/>
/// indexing the same array. Consistent hashing reads its key from a request header (<c>x-user</c>) and hashes it
/// on every pick; the retry row passes the endpoint to avoid, as a retried attempt does. Each invocation makes
/// <see cref="Picks"/> picks (figures are per pick), so that a few nanoseconds are measured well above the timer's
/// resolution and the baseline is not "too close to zero" for a ratio.
/// </summary>
[MemoryDiagnoser]
public class EndpointPickingBenchmarks
{
    private const int Picks = 64;

    private EndpointState[] _endpoints = null!;
    private ILoadBalancer _leastRequest = null!;
    private ILoadBalancer _roundRobin = null!;
    private ILoadBalancer _random = null!;
    private ILoadBalancer _maglev = null!;
    private ILoadBalancer _ringHash = null!;
    private HttpRequestMessage _request = null!;

    [Params(3, 10)]
    public int Endpoints { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _endpoints = new EndpointState[Endpoints];
        for (var i = 0; i < _endpoints.Length; i++)
        {
            var labels = new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v" + (i + 1).ToString(CultureInfo.InvariantCulture) };
            _endpoints[i] = new EndpointState("10.0.0." + (i + 1).ToString(CultureInfo.InvariantCulture), 9080, labels);
        }

        // Some requests in flight, unevenly, so that least request compares real counts.
        for (var i = 0; i < _endpoints.Length; i++)
        {
            for (var n = 0; n < i % 3; n++)
            {
                _endpoints[i].Enter();
            }
        }

        var random = SharedMeshRandom.Instance;
        _leastRequest = LoadBalancerFactory.Create(new LoadBalancerSettings { Simple = SimpleLoadBalancer.LeastRequest }, _endpoints, random);
        _roundRobin = LoadBalancerFactory.Create(new LoadBalancerSettings { Simple = SimpleLoadBalancer.RoundRobin }, _endpoints, random);
        _random = LoadBalancerFactory.Create(new LoadBalancerSettings { Simple = SimpleLoadBalancer.Random }, _endpoints, random);
        _maglev = LoadBalancerFactory.Create(new LoadBalancerSettings { ConsistentHash = new ConsistentHashSettings { HttpHeaderName = "x-user" } }, _endpoints, random);
        _ringHash = LoadBalancerFactory.Create(
            new LoadBalancerSettings { ConsistentHash = new ConsistentHashSettings { HttpHeaderName = "x-user", RingHash = new RingHash() } }, _endpoints, random);
        _request = new HttpRequestMessage(HttpMethod.Get, "http://reviews:9080/");
        _request.Headers.TryAddWithoutValidation("x-user", "user-42");
    }

    [GlobalCleanup]
    public void Cleanup() => _request.Dispose();

    // The benchmarks return object because EndpointState is internal; BenchmarkDotNet still consumes the pick.
    [Benchmark(Baseline = true, OperationsPerInvoke = Picks)]
    public object RandomSharedNext()
    {
        var endpoints = _endpoints;
        var picked = endpoints[0];
        for (var i = 0; i < Picks; i++)
        {
            picked = endpoints[Random.Shared.Next(endpoints.Length)];
        }

        return picked;
    }

    [Benchmark(OperationsPerInvoke = Picks)]
    public object LeastRequest() => PickMany(_leastRequest, null);

    [Benchmark(OperationsPerInvoke = Picks)]
    public object LeastRequestRetry() => PickMany(_leastRequest, _endpoints[0]);

    [Benchmark(OperationsPerInvoke = Picks)]
    public object RoundRobin() => PickMany(_roundRobin, null);

    [Benchmark(OperationsPerInvoke = Picks)]
    public object RandomBalancer() => PickMany(_random, null);

    [Benchmark(OperationsPerInvoke = Picks)]
    public object ConsistentHashMaglev() => PickMany(_maglev, null);

    [Benchmark(OperationsPerInvoke = Picks)]
    public object ConsistentHashRing() => PickMany(_ringHash, null);

    private EndpointState PickMany(ILoadBalancer balancer, EndpointState? exclude)
    {
        var context = new PickContext(_request, exclude, null);
        var picked = _endpoints[0];
        for (var i = 0; i < Picks; i++)
        {
            picked = balancer.Pick(context);
        }

        return picked;
    }
}
