namespace Mesh.Server.Storage;

/// <summary>The kind of change a <see cref="ChangeEvent"/> records.</summary>
internal enum ChangeType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>One change to the store, as watchers see it.</summary>
/// <param name="Type">Added, modified or deleted.</param>
/// <param name="Revision">The revision of the commit that made the change.</param>
/// <param name="Resource">The resource after the change; for a deletion, as it was last.</param>
internal sealed record ChangeEvent(ChangeType Type, long Revision, StoredResource Resource);
