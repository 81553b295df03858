namespace Mesh.Server.Storage;

/// <summary>
/// The recent changes of a store, for watchers to resume from, and a signal that completes at each commit so
/// that waiting watchers wake at once (no polling). Holds at most a fixed number of events; a watcher asking
/// for a revision older than that is told to resync.
/// </summary>
internal sealed class ChangeHistory(int capacity, long startRevision)
{
    private readonly Lock _lock = new();
    private readonly Queue<ChangeEvent> _events = new();
    private long _floor = startRevision; // changes after this revision are all in _events
    private long _revision = startRevision;
    private TaskCompletionSource _signal = NewSignal();

    public void Append(long revision, IReadOnlyList<ChangeEvent> changes)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            foreach (var change in changes)
            {
                _events.Enqueue(change);
            }

            while (_events.Count > capacity)
            {
                _floor = _events.Dequeue().Revision;
            }

            // Events of one commit share a revision; never leave a commit half in history.
            while (_events.Count > 0 && _events.Peek().Revision == _floor)
            {
                _events.Dequeue();
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
            foreach (var change in _events)
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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
