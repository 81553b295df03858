using Mesh.Client.Pooling;

namespace Mesh.Client.Tests.Pooling;

public class BoundedPoolTests
{
    [Fact]
    public void TryRent_FromAnEmptyPool_GivesNothing() =>
        Assert.False(new BoundedPool<object>(4).TryRent(out _));

    [Fact]
    public void TryReturn_KeepsTheSlotPlusCapacity_AndRefusesMore()
    {
        var pool = new BoundedPool<object>(2);
        var items = Enumerable.Range(0, 4).Select(static _ => new object()).ToArray();

        Assert.Equal([true, true, true, false], items.Select(pool.TryReturn));

        var rented = new List<object>();
        while (pool.TryRent(out var item))
        {
            rented.Add(item);
        }

        Assert.Equal(3, rented.Count);
        Assert.Equal(3, rented.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.DoesNotContain(items[3], rented);
    }

    [Fact]
    public void RentAndReturn_AcrossThreads_NeverHandOneObjectToTwoRenters()
    {
        var pool = new BoundedPool<Box>(8);
        var failures = 0;
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var box = pool.TryRent(out var pooled) ? pooled : new Box();
                if (Interlocked.Exchange(ref box.InUse, 1) != 0)
                {
                    Interlocked.Increment(ref failures);
                }

                Thread.SpinWait(20); // hold it a while, so that a second renter of the same object would overlap
                Volatile.Write(ref box.InUse, 0);
                pool.TryReturn(box);
            }
        });

        Assert.Equal(0, failures);
    }

    private sealed class Box
    {
        public int InUse;
    }
}
