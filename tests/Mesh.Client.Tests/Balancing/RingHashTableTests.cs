using System.Globalization;
using Mesh.Client.Balancing;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class RingHashTableTests
{
    [Fact]
    public void Constructor_DefaultMinimum_PlacesAPowerOfTwoPointsPerEndpointReachingTheMinimum()
    {
        // 1024 / 10 = 103 points each, rounded up to 128.
        Assert.Equal(1280, new RingHashTable(Create(10)).Size);
    }

    [Fact]
    public void Constructor_SmallMinimum_PlacesAtLeastThatManyPoints()
    {
        Assert.Equal(128, new RingHashTable(Create(8), 100).Size);
    }

    [Fact]
    public void Constructor_EndpointsJoin_KeepPointsPerEndpoint()
    {
        // 1024 / 9 .. 1024 / 15 all round up to 128 points each.
        Assert.Equal(9 * 128, new RingHashTable(Create(9)).Size);
        Assert.Equal(15 * 128, new RingHashTable(Create(15)).Size);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(8 * 1024 * 1024 + 1)]
    public void Constructor_MinimumOutOfRange_Throws(int minimum)
    {
        Assert.Throws<ArgumentException>(() => new RingHashTable(Create(3), minimum));
    }

    [Fact]
    public void Lookup_OneEndpointJoinsTen_MovesAboutOneEleventhOfKeys()
    {
        var before = new RingHashTable(Create(10));
        var after = new RingHashTable(Create(11));

        var moved = HashTableAssert.MovedKeys(before, after, 10_000);

        Assert.InRange(moved, 1, 2 * 10_000 / 11);
    }

    [Fact]
    public void Lookup_OneEndpointJoinsTen_MovesKeysOnlyToTheNewEndpoint()
    {
        var before = new RingHashTable(Create(10));
        var after = new RingHashTable(Create(11));
        var joined = Endpoint(11).Key;

        for (var i = 0; i < 10_000; i++)
        {
            var hash = MeshHash.Hash(i.ToString(CultureInfo.InvariantCulture));
            var now = after.Lookup(hash, null).Key;
            Assert.True(now == before.Lookup(hash, null).Key || now == joined, $"key {i} moved to {now}");
        }
    }

    [Fact]
    public void Lookup_UnequalWeights_SharesKeysByWeight()
    {
        EndpointState[] endpoints = [Endpoint(1, weight: 1), Endpoint(2, weight: 3)];
        var table = new RingHashTable(endpoints);

        var heavy = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (ReferenceEquals(table.Lookup(MeshHash.Hash(i.ToString(CultureInfo.InvariantCulture)), null), endpoints[1]))
            {
                heavy++;
            }
        }

        Assert.InRange(heavy, 6_500, 8_500);
    }
}
