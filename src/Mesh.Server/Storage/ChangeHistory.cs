namespace Mesh.Server.Storage;

/// <summary>
/// The recent changes of a store, for watchers to resume from, and a signal that completes at each commit so
/// that waiting watchers wake at once (no polling). Holds at most a number of events and a number of bytes (each
/// event's resource as compact JSON): large resources applied again and again would otherwise keep every old
/// version in memory. A watcher asking for a revision older than what is kept is told to resync.
/// </summary>
internal sealed class ChangeHistory(int capacity, long maxBytes, long startRevision)
{
    private readonly Lock _lock = new();
    private readonly Queue<(ChangeEvent Change, long Bytes)> _events = new();
    private long _bytes;
    private long _floor = startRevision; // changes after this revision are all in _events
    private long _revision = startRevision;
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>The bytes held now (the resources of the kept events, as compact JSON).</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public void Append(long revision, IReadOnlyList<ChangeEvent> changes)
    {
        // Measured outside the lock: watchers need not wait for it.
        var sized = new (ChangeEvent, long)[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            sized[i] = (changes[i], JsonSize.Of(changes[i].Resource.Json));
        }

        TaskCompletionSource signal;
        lock (_lock)
        {
            foreach (var entry in sized)
            {
                _events.Enqueue(entry);
                _bytes += entry.Item2;
            }

            while (_events.Count > capacity || _bytes > maxBytes)
            {
                Drop();
            }

            // Events of one commit share a revision; never leave a commit half in history.
            while (_events.Count > 0 && _events.Peek().Change.Revision == _floor)
            {
                Drop();
            }

            _revision = revision;
            signal = _signal;
            _signal = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>
    /// Matching changes after <paramref name="afterRevision"/>, the current revision, whether the caller must
    /// resync, and a task that completes at the next commit.
    /// </summary>
    public (List<ChangeEvent> Events, long Revision, bool Resync, Task Next) Since(long afterRevision, Func<StoredResource, bool> filter)
    {
        lock (_lock)
        {
            if (afterRevision < _floor || afterRevision > _revision)
            {
                return ([], _revision, true, _signal.Task);
            }

            var result = new List<ChangeEvent>();
            foreach (var (change, _) in _events)
            {
                if (change.Revision > afterRevision && filter(change.Resource))
                {
                    result.Add(change);
                }
            }

            return (result, _revision, false, _signal.Task);
        }
    }

    /// <summary>Wakes every waiter (used at shutdown so long-polls return promptly).</summary>
    public void WakeAll()
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            signal = _signal;
            _signal = NewSignal();
        }

        signal.TrySetResult();
    }

    private void Drop()
    {
        var (change, bytes) = _events.Dequeue();
        _floor = change.Revision;
        _bytes -= bytes;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
