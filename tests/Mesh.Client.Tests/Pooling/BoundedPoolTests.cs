using Mesh.Client.Pooling;

namespace Mesh.Client.Tests.Pooling;

public class BoundedPoolTests
{
    [Fact]
    public void TryRent_FromAnEmptyPool_GivesNothing() =>
        Assert.False(new BoundedPool<object>(4).TryRent(out _));

    [Fact]
    public void TryReturn_KeepsTheTwoSlotsPlusCapacity_AndRefusesMore()
    {
        var pool = new BoundedPool<object>(2);
        var items = Enumerable.Range(0, 5).Select(static _ => new object()).ToArray();

        Assert.Equal([true, true, true, true, false], items.Select(pool.TryReturn));

        var rented = new List<object>();
        while (pool.TryRent(out var item))
        {
            rented.Add(item);
        }

        Assert.Equal(4, rented.Count);
        Assert.Equal(4, rented.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.DoesNotContain(items[4], rented);
    }

    [Fact]
    public void ACallerThatRentsTheNextBeforeReturningTheLast_IsServedFromTheSlots()
    {
        // No queue at all (capacity 0): only the slots can keep anything. A request's state goes back after its
        // caller has rented for the next request, so two are out at once, and both must come back to the pool.
        var pool = new BoundedPool<object>(0);
        var first = new object();
        var second = new object();
        Assert.True(pool.TryReturn(first));
        Assert.True(pool.TryReturn(second));

        for (var i = 0; i < 10; i++)
        {
            Assert.True(pool.TryRent(out var current));
            Assert.True(pool.TryRent(out var next));
            Assert.NotSame(current, next);
            Assert.True(pool.TryReturn(current));
            Assert.True(pool.TryReturn(next));
        }
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
