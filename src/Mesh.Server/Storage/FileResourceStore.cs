using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Policy.Resources;
using Mesh.Policy.Serialization;

namespace Mesh.Server.Storage;

/// <summary>
/// The embedded store: the whole state in one JSON file in the data directory, replaced atomically on every
/// commit (<see cref="AtomicFile"/>), so a crash or kill at any point leaves the last committed state. Reads are
/// served from an immutable in-memory snapshot; one writer at a time.
/// </summary>
internal sealed class FileResourceStore(string dataDirectory, TimeProvider time, int historyCapacity = 10_000, long historyBytes = 64L * 1024 * 1024) : IResourceStore
{
    private readonly string _path = Path.Combine(dataDirectory, "store.json");
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private State _state = new(0, ImmutableDictionary<ResourceKey, StoredResource>.Empty);
    private ChangeHistory _history = new(historyCapacity, historyBytes, 0);

    public string Name => "file";

    public long Revision => Volatile.Read(ref _state).Revision;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        AtomicFile.CreatePrivateDirectory(dataDirectory);
        AtomicFile.RemoveLeftover(_path);
        if (await StoreFile.ReadAsync(_path, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return;
        }

        _state = new State(stored.Revision, stored.Resources);
        _history = new ChangeHistory(historyCapacity, historyBytes, stored.Revision);
    }

    public StoredResource? Get(ResourceKey key) => Volatile.Read(ref _state).Resources.GetValueOrDefault(key);

    public (long Revision, IReadOnlyList<StoredResource> Items) List(string? kind, string? @namespace)
    {
        var state = Volatile.Read(ref _state);
        var items = new List<StoredResource>();
        foreach (var stored in state.Resources.Values)
        {
            if ((kind is null || stored.Key.Kind == kind) && (@namespace is null || stored.Key.Namespace == @namespace))
            {
                items.Add(stored);
            }
        }

        items.Sort(static (a, b) => Compare(a.Key, b.Key));
        return (state.Revision, items);
    }

    public async Task<(long Revision, IReadOnlyList<ChangeEvent> Changes)> CommitAsync(IReadOnlyList<StoreOperation> operations, long? expectedRevision, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = _state;
            if (expectedRevision is { } expected && expected != state.Revision)
            {
                throw new StoreConflictException(expected, state.Revision);
            }

            var next = state.Revision + 1;
            var resources = state.Resources.ToBuilder();
            var changes = new List<ChangeEvent>();
            foreach (var operation in operations)
            {
                switch (operation)
                {
                    case StoreOperation.Put put:
                        var existing = resources.GetValueOrDefault(put.Resource.Key);
                        var stamped = ResourceStamp.Stamp(put.Resource, existing, next, time);
                        if (stamped is not null)
                        {
                            resources[stamped.Key] = stamped;
                            changes.Add(new ChangeEvent(existing is null ? ChangeType.Added : ChangeType.Modified, next, stamped));
                        }

                        break;
                    case StoreOperation.Delete delete:
                        if (resources.TryGetValue(delete.Key, out var removed))
                        {
                            resources.Remove(delete.Key);
                            changes.Add(new ChangeEvent(ChangeType.Deleted, next, removed));
                        }

                        break;
                }
            }

            if (changes.Count == 0)
            {
                return (state.Revision, changes);
            }

            var newState = new State(next, resources.ToImmutable());

            // Durable first, visible second: a failed write leaves both disk and memory at the old state.
            AtomicFile.Write(_path, Serialize(newState));
            Volatile.Write(ref _state, newState);
            _history.Append(next, changes);
            return (next, changes);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<WatchResult> WatchAsync(long afterRevision, Func<StoredResource, bool> filter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            var (events, revision, resync, next) = _history.Since(afterRevision, filter);
            if (resync || events.Count > 0)
            {
                return new WatchResult(revision, resync, events);
            }

            var remaining = time.GetElapsedTime(time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
            {
                return new WatchResult(revision, false, events);
            }

            using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(remaining, time, delayCancel.Token);
            await Task.WhenAny(next, delay).ConfigureAwait(false);
            await delayCancel.CancelAsync().ConfigureAwait(false);

            // Changes that did not pass the filter still advance the revision the watcher resumes from.
            afterRevision = Math.Max(afterRevision, revision);
        }
    }

    /// <summary>Wakes all watchers, e.g. at shutdown.</summary>
    public void WakeWatchers() => _history.WakeAll();

    public ValueTask DisposeAsync()
    {
        _history.WakeAll();
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private static byte[] Serialize(State state)
    {
        var resources = new JsonArray();
        var items = state.Resources.Values.ToList();
        items.Sort(static (a, b) => Compare(a.Key, b.Key));
        foreach (var stored in items)
        {
            resources.Add(new JsonObject
            {
                ["createRevision"] = stored.CreateRevision,
                ["modRevision"] = stored.ModRevision,
                ["resource"] = stored.Json.DeepClone(),
            });
        }

        var root = new JsonObject { ["format"] = StoreFile.FormatVersion, ["revision"] = state.Revision, ["resources"] = resources };
        return JsonSerializer.SerializeToUtf8Bytes(root, PolicySerializer.Options);
    }

    private static int Compare(ResourceKey a, ResourceKey b)
    {
        var c = string.CompareOrdinal(a.Kind, b.Kind);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Namespace, b.Namespace);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    private sealed record State(long Revision, ImmutableDictionary<ResourceKey, StoredResource> Resources);
}
