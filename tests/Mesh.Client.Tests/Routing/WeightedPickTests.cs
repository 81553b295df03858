using System.Globalization;
using Mesh.Client.Balancing;
using Mesh.Client.Resilience;
using Mesh.Client.Routing;
using static Mesh.Client.Tests.Routing.TestPolicies;

namespace Mesh.Client.Tests.Routing;

/// <summary>Weighted splits: VirtualService percentages and SMI relative weights, over many seeded picks.</summary>
public class WeightedPickTests
{
    private const int Picks = 20_000;
    private const string V1 = "reviews.default.svc.cluster.local|v1";
    private const string V2 = "reviews.default.svc.cluster.local|v2";
    private const string V3 = "reviews.default.svc.cluster.local|v3";

    [Theory]
    [InlineData(1)]
    [InlineData(2024)]
    public void PickTarget_NinetyTen_SplitsWithinStatisticalBounds(int seed)
    {
        var route = SplitRoute(("v1", 90), ("v2", 10));

        var counts = CountPicks(route, Picks, seed);

        // Expected 18,000 / 2,000 with a standard deviation of about 42: ±300 is over 7 sigma.
        Assert.InRange(counts[V1], 17_700, 18_300);
        Assert.InRange(counts[V2], 1_700, 2_300);
    }

    [Fact]
    public void PickTarget_ThirtyThreeThirtyThreeThirtyFour_SplitsWithinStatisticalBounds()
    {
        var route = SplitRoute(("v1", 33), ("v2", 33), ("v3", 34));

        var counts = CountPicks(route, Picks, seed: 11);

        // Expected 6,600 / 6,600 / 6,800, standard deviation about 66.
        Assert.InRange(counts[V1], 6_250, 6_950);
        Assert.InRange(counts[V2], 6_250, 6_950);
        Assert.InRange(counts[V3], 6_450, 7_150);
    }

    [Fact]
    public void PickTarget_ZeroWeightDestination_IsNeverPicked()
    {
        var route = SplitRoute(("v1", 100), ("v2", 0));

        var counts = CountPicks(route, 5_000, seed: 3);

        Assert.Equal(5_000, counts[V1]);
        Assert.Equal(0, counts[V2]);
    }

    [Fact]
    public void Compile_Weights_BecomeCumulativeBounds()
    {
        var route = SplitRoute(("v1", 33), ("v2", 33), ("v3", 34));

        Assert.Equal([33, 66, 100], route.Targets.Select(t => t.UpperBound));
        Assert.Equal(100, route.TotalWeight);
    }

    [Fact]
    public void PickTarget_SingleDestinationWithoutWeight_TakesAllTraffic()
    {
        const string single = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - route:
                - destination:
                    host: reviews
                    subset: v3
            """;
        var route = Resolve(Compile(Join(Workloads("reviews", "v1", "v2", "v3"), ReviewsSubsets, single)), "reviews").Routes[0];

        var counts = CountPicks(route, 1_000, seed: 5);

        Assert.Equal(1_000, counts[V3]);
    }

    [Fact]
    public void PickTarget_RandomAtEachBound_PicksTheDestinationWhoseRangeHoldsIt()
    {
        var route = SplitRoute(("v1", 90), ("v2", 10));

        Assert.Equal(V1, route.PickTarget(new FixedRandom(0)).Target.Name);
        Assert.Equal(V1, route.PickTarget(new FixedRandom(89)).Target.Name);
        Assert.Equal(V2, route.PickTarget(new FixedRandom(90)).Target.Name);
        Assert.Equal(V2, route.PickTarget(new FixedRandom(99)).Target.Name);
    }

    [Fact]
    public void PickTarget_SmiRelativeWeights_SplitTwoThirdsOneThird()
    {
        const string split = """
            apiVersion: split.smi-spec.io/v1alpha4
            kind: TrafficSplit
            metadata:
              name: reviews-rollout
            spec:
              service: reviews
              backends:
              - service: reviews-v1
                weight: 1000
              - service: reviews-v2
                weight: 500
            """;
        var snapshot = Compile(Join(Workloads("reviews", "v1"), Workloads("reviews-v1", "default", 1, "v1"), Workloads("reviews-v2", "default", 2, "v2"), split));
        var route = Assert.Single(Resolve(snapshot, "reviews").Routes);

        var counts = CountPicks(route, Picks, seed: 17);

        // Expected 13,333 / 6,667, standard deviation about 67.
        Assert.InRange(counts["reviews-v1.default.svc.cluster.local"], 13_000, 13_666);
        Assert.InRange(counts["reviews-v2.default.svc.cluster.local"], 6_334, 7_000);
    }

    [Fact]
    public void PickTarget_HandBuiltRoute_UsesTheRandomSourceOnce()
    {
        var a = SubsetTarget.Missing("a", null);
        var b = SubsetTarget.Missing("b", null);
        var route = new CompiledRoute("r", [], [new WeightedTarget(a, 1, null), new WeightedTarget(b, 4, null)], new RoutePolicy(null, TimeProvider.System), null, null);
        var random = new FixedRandom(1);

        Assert.Same(b, route.PickTarget(random).Target);
        Assert.Equal(1, random.Calls);
        Assert.Equal(4, random.LastMax);
    }

    private static CompiledRoute SplitRoute(params (string Subset, int Weight)[] split)
    {
        var destinations = string.Concat(split.Select(s => string.Create(CultureInfo.InvariantCulture, $"""

                - destination:
                    host: reviews
                    subset: {s.Subset}
                  weight: {s.Weight}
            """)));
        var vs = $"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - route:{destinations}
            """;
        var snapshot = Compile(Join(Workloads("reviews", "v1", "v2", "v3"), ReviewsSubsets, vs));
        return Assert.Single(Resolve(snapshot, "reviews").Routes);
    }

    private sealed class FixedRandom(int value) : IMeshRandom
    {
        public int Calls { get; private set; }

        public int LastMax { get; private set; }

        public int Next(int maxExclusive)
        {
            Calls++;
            LastMax = maxExclusive;
            return value;
        }

        public double NextDouble() => value / 100.0;
    }
}
