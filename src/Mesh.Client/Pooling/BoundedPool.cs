using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Mesh.Client.Pooling;

/// <summary>
/// A process-wide pool of reusable objects for the request path, bounded so that a burst does not keep its
/// objects forever. Two items sit in slots of their own, each taken and put back with a single compare-and-swap;
/// the rest wait in a queue with a count.
/// </summary>
/// <remarks>
/// Why the slots: with requests one after another (or few in flight), rent and return meet a slot nearly every
/// time, which costs one atomic operation each instead of a queue operation plus the count's two (and the queue's
/// <c>Count</c>, which takes a snapshot of its segments, is never read). Two, because a request's state is returned
/// after its caller has seen the response (MeshHandler.SendState), by when a caller that sends one request after
/// another has already rented for the next: with one slot, every other request went to the queue. Objects are
/// rented on one thread and often returned on another (the one the response completes on), so a thread-local cache
/// would miss.
/// </remarks>
/// <typeparam name="T">What is pooled; returned objects must already be reset by the caller.</typeparam>
internal sealed class BoundedPool<T>(int capacity)
    where T : class
{
    private readonly ConcurrentQueue<T> _queue = new();
    private T? _slot;
    private T? _second;
    private int _queued;

    /// <summary>Takes a pooled object, if there is one.</summary>
    public bool TryRent([NotNullWhen(true)] out T? item)
    {
        if (TryTake(ref _slot, out item) || TryTake(ref _second, out item))
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
        if (TryPut(ref _slot, item) || TryPut(ref _second, item))
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

    private static bool TryTake(ref T? slot, [NotNullWhen(true)] out T? item)
    {
        item = Volatile.Read(ref slot);
        return item is not null && Interlocked.CompareExchange(ref slot, null, item) == item;
    }

    private static bool TryPut(ref T? slot, T item) =>
        Volatile.Read(ref slot) is null && Interlocked.CompareExchange(ref slot, item, null) is null;
}
