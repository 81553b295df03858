using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Mesh.Client.Pooling;

/// <summary>
/// A process-wide pool of reusable objects for the request path, bounded so that a burst does not keep its
/// objects forever. One item sits in a slot of its own, taken and put back with a single compare-and-swap; the
/// rest wait in a queue with a count.
/// </summary>
/// <remarks>
/// Why the slot: with requests one after another (or few in flight), rent and return meet the slot nearly every
/// time, which costs one atomic operation each instead of a queue operation plus the count's two (and the queue's
/// <c>Count</c>, which takes a snapshot of its segments, is never read). Objects are rented on one thread and often
/// returned on another (the one the response completes on), so a thread-local cache would miss.
/// </remarks>
/// <typeparam name="T">What is pooled; returned objects must already be reset by the caller.</typeparam>
internal sealed class BoundedPool<T>(int capacity)
    where T : class
{
    private readonly ConcurrentQueue<T> _queue = new();
    private T? _slot;
    private int _queued;

    /// <summary>Takes a pooled object, if there is one.</summary>
    public bool TryRent([NotNullWhen(true)] out T? item)
    {
        item = Volatile.Read(ref _slot);
        if (item is not null && Interlocked.CompareExchange(ref _slot, null, item) == item)
        {
            return true;
        }

        if (_queue.TryDequeue(out item))
        {
            Interlocked.Decrement(ref _queued);
            return true;
        }

        return false;
    }

    /// <summary>Keeps <paramref name="item"/> for a later <see cref="TryRent"/>; false when the pool is full (drop or dispose it).</summary>
    public bool TryReturn(T item)
    {
        if (Volatile.Read(ref _slot) is null && Interlocked.CompareExchange(ref _slot, item, null) is null)
        {
            return true;
        }

        if (Interlocked.Increment(ref _queued) <= capacity)
        {
            _queue.Enqueue(item);
            return true;
        }

        Interlocked.Decrement(ref _queued);
        return false;
    }
}
