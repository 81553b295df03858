using Mesh.Policy.Resources;

namespace Mesh.Server.Storage;

/// <summary>
/// The control server's state: resources under one global, monotonically increasing revision, changed only by
/// atomic commits, and watchable from any revision still in history. The embedded file store implements it
/// today; an etcd-backed store implements the same contract (a commit is an etcd transaction guarded by the
/// expected revision; a watch is an etcd watch from revision + 1).
/// </summary>
internal interface IResourceStore : IAsyncDisposable
{
    /// <summary>A short name for status output, e.g. <c>file</c>.</summary>
    string Name { get; }

    /// <summary>The current revision: that of the last commit (0 for an empty store).</summary>
    long Revision { get; }

    /// <summary>Loads persisted state. Called once before anything else.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>One resource, or null.</summary>
    StoredResource? Get(ResourceKey key);

    /// <summary>Resources of a kind (all kinds when null) in a namespace (all when null), ordered by kind, namespace, name; with the revision they reflect.</summary>
    (long Revision, IReadOnlyList<StoredResource> Items) List(string? kind, string? @namespace);

    /// <summary>
    /// Applies every operation or none, as one new revision, durably. Operations that change nothing (a put
    /// identical to what is stored, a delete of a missing key) are dropped; when none is left, nothing is written
    /// and the current revision is returned.
    /// </summary>
    /// <param name="operations">The writes.</param>
    /// <param name="expectedRevision">When given, the commit fails with <see cref="StoreConflictException"/> unless the store is still at this revision.</param>
    /// <param name="cancellationToken">Cancels waiting for the write lock (not a write in progress).</param>
    /// <returns>The revision after the commit and the changes it made.</returns>
    Task<(long Revision, IReadOnlyList<ChangeEvent> Changes)> CommitAsync(IReadOnlyList<StoreOperation> operations, long? expectedRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Changes after <paramref name="afterRevision"/> that pass <paramref name="filter"/>, waiting up to
    /// <paramref name="timeout"/> for the first one when there are none yet.
    /// </summary>
    Task<WatchResult> WatchAsync(long afterRevision, Func<StoredResource, bool> filter, TimeSpan timeout, CancellationToken cancellationToken);
}
