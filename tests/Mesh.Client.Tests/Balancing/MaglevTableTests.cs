using Mesh.Client.Balancing;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class MaglevTableTests
{
    [Fact]
    public void Constructor_PrimeSize_BuildsTableOfThatSize()
    {
        var table = new MaglevTable(Create(5), 251);

        Assert.Equal(251, table.Size);
    }

    [Fact]
    public void Constructor_DefaultSize_Is65537()
    {
        Assert.Equal(65537, new MaglevTable(Create(2)).Size);
    }

    [Theory]
    [InlineData(250)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-7)]
    [InlineData(5000077)]
    public void Constructor_SizeNotAnAllowedPrime_Throws(int size)
    {
        var error = Assert.Throws<ArgumentException>(() => new MaglevTable(Create(3), size));

        Assert.Contains("prime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EqualWeights_GivesEveryEndpointAnEqualShareWithinOneSlot()
    {
        var endpoints = Create(5);
        var table = new MaglevTable(endpoints, 251);

        var counts = SlotCounts(table, endpoints);

        Assert.All(counts, c => Assert.InRange(c, 50, 51));
    }

    [Fact]
    public void Constructor_UnequalWeights_SharesSlotsByWeight()
    {
        EndpointState[] endpoints = [Endpoint(1, weight: 1), Endpoint(2, weight: 3)];
        var table = new MaglevTable(endpoints, 251);

        var counts = SlotCounts(table, endpoints);

        Assert.InRange(counts[1], 187, 189);
    }

    [Fact]
    public void Lookup_OneEndpointJoinsTen_MovesAboutOneEleventhOfKeys()
    {
        var before = new MaglevTable(Create(10));
        var after = new MaglevTable(Create(11));

        var moved = HashTableAssert.MovedKeys(before, after, 10_000);

        Assert.InRange(moved, 1, 2 * 10_000 / 11);
    }

    [Fact]
    public void Lookup_EqualEndpointSetsInAnyOrder_BuildEqualTables()
    {
        var endpoints = Create(8);
        var shuffled = Create(8);
        new Random(3).Shuffle(shuffled);

        var one = new MaglevTable(endpoints, 251);
        var other = new MaglevTable(shuffled, 251);

        for (var slot = 0; slot < 251; slot++)
        {
            Assert.Equal(one.EndpointAt(slot).Key, other.EndpointAt(slot).Key);
        }
    }

    private static int[] SlotCounts(MaglevTable table, EndpointState[] endpoints)
    {
        var counts = new int[endpoints.Length];
        for (var slot = 0; slot < table.Size; slot++)
        {
            counts[Array.IndexOf(endpoints, table.EndpointAt(slot))]++;
        }

        return counts;
    }
}
