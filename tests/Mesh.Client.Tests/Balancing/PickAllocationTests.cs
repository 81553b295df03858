using Mesh.Client.Balancing;
using Mesh.Policy.Resources.Networking;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class PickAllocationTests
{
    public static TheoryData<string> Cases() =>
        ["RoundRobin", "Random", "LeastRequest", "Header", "Cookie", "Query", "SourceIp", "RingHeader"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pick_AfterWarmUp_AllocatesNothing(string kind)
    {
        var endpoints = Create(5);
        var (settings, context) = Setup(kind, endpoints[2]);
        var balancer = LoadBalancerFactory.Create(settings, endpoints, SharedMeshRandom.Instance);
        for (var i = 0; i < 1_000; i++)
        {
            balancer.Pick(context);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            balancer.Pick(context);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static (LoadBalancerSettings Settings, PickContext Context) Setup(string kind, EndpointState exclude)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews.default.svc/p?a=1&user=bob");
        request.Headers.TryAddWithoutValidation("x-user", "bob");
        request.Headers.TryAddWithoutValidation("Cookie", "a=1; user=bob");
        var context = new PickContext(request, exclude, "10.9.8.7");
        var settings = kind switch
        {
            "RoundRobin" => new LoadBalancerSettings { Simple = SimpleLoadBalancer.RoundRobin },
            "Random" => new LoadBalancerSettings { Simple = SimpleLoadBalancer.Random },
            "LeastRequest" => new LoadBalancerSettings(),
            "Header" => Hash(new ConsistentHashSettings { HttpHeaderName = "x-user" }),
            "Cookie" => Hash(new ConsistentHashSettings { HttpCookie = new HttpCookie { Name = "user" } }),
            "Query" => Hash(new ConsistentHashSettings { HttpQueryParameterName = "user" }),
            "SourceIp" => Hash(new ConsistentHashSettings { UseSourceIp = true }),
            _ => Hash(new ConsistentHashSettings { HttpHeaderName = "x-user", RingHash = new RingHash() }),
        };
        return (settings, context);
    }

    private static LoadBalancerSettings Hash(ConsistentHashSettings hash) => new() { ConsistentHash = hash };
}
