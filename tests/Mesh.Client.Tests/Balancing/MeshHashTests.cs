using Mesh.Client.Balancing;

namespace Mesh.Client.Tests.Balancing;

public class MeshHashTests
{
    [Fact]
    public void Hash_KnownInput_GivesThePinnedValue()
    {
        // Pinned so that a change to the hash, which would remap every session in a mixed-version fleet, is noticed.
        Assert.Equal(PinnedUser1, MeshHash.Hash("user-1"));
        Assert.Equal(PinnedEmpty, MeshHash.Hash(""));
    }

    [Fact]
    public void Hash_DifferentSeeds_GiveDifferentHashes()
    {
        Assert.NotEqual(MeshHash.Hash("10.0.0.1:8080", 0), MeshHash.Hash("10.0.0.1:8080", 1));
    }

    [Fact]
    public void Hash_SimilarKeys_SpreadOverTheHighBits()
    {
        var buckets = new int[16];
        for (var i = 0; i < 16_000; i++)
        {
            buckets[MeshHash.Hash("k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)) >> 60]++;
        }

        Assert.All(buckets, b => Assert.InRange(b, 800, 1_200));
    }

    private const ulong PinnedUser1 = 2758463538133198415;
    private const ulong PinnedEmpty = 17280346270528514342;
}
