using System.Globalization;
using Mesh.Client.Balancing;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class ConsistentHashBalancerTests
{
    public static TheoryData<string> TableKinds() => ["Maglev", "RingHash"];

    [Theory]
    [MemberData(nameof(TableKinds))]
    public void Pick_SameKey_ReturnsSameEndpointEveryTime(string kind)
    {
        var balancer = Build(kind, Create(7));

        for (var key = 0; key < 50; key++)
        {
            var value = key.ToString(CultureInfo.InvariantCulture);
            var first = balancer.Pick(HeaderContext("x-user", value));
            for (var i = 0; i < 10; i++)
            {
                Assert.Same(first, balancer.Pick(HeaderContext("x-user", value)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(TableKinds))]
    public void Pick_TwoBalancersFromEqualEndpointLists_MapEveryKeyAlike(string kind)
    {
        // Two client processes: separate state objects, and the list arrives in a different order.
        var one = Build(kind, Create(9));
        var reversed = Create(9);
        Array.Reverse(reversed);
        var other = Build(kind, reversed);

        for (var key = 0; key < 1_000; key++)
        {
            var value = "user-" + key.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(one.Pick(HeaderContext("x-user", value)).Key, other.Pick(HeaderContext("x-user", value)).Key);
        }
    }

    [Theory]
    [MemberData(nameof(TableKinds))]
    public void Pick_ManyKeys_ReachesEveryEndpoint(string kind)
    {
        var endpoints = Create(6);
        var balancer = Build(kind, endpoints);
        var seen = new HashSet<EndpointState>();

        for (var key = 0; key < 1_000; key++)
        {
            seen.Add(balancer.Pick(HeaderContext("x-user", key.ToString(CultureInfo.InvariantCulture))));
        }

        Assert.Equal(endpoints.Length, seen.Count);
    }

    [Fact]
    public void Pick_KeyAbsent_FallsBackToRandomPick()
    {
        var endpoints = Create(5);
        var balancer = Build("Maglev", endpoints);

        var counts = Count(balancer, 5_000, Context());

        Assert.All(endpoints, e => Assert.InRange(counts[e], 800, 1_200));
    }

    [Fact]
    public void Pick_KeyPresent_UsesTheTableForTheKeyHash()
    {
        var endpoints = Create(5);
        var table = new MaglevTable(endpoints, 251);
        var balancer = new ConsistentHashBalancer(endpoints, table, new ConsistentHashKey(HashKeyKind.Header, "x-user"), new SeededMeshRandom(1));

        Assert.Same(table.Lookup(MeshHash.Hash("bob"), null), balancer.Pick(HeaderContext("x-user", "bob")));
    }

    private static ConsistentHashBalancer Build(string kind, EndpointState[] endpoints)
    {
        ConsistentHashTable table = kind == "Maglev" ? new MaglevTable(endpoints, 1009) : new RingHashTable(endpoints);
        return new ConsistentHashBalancer(endpoints, table, new ConsistentHashKey(HashKeyKind.Header, "x-user"), new SeededMeshRandom(5));
    }
}
