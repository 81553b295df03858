namespace Mesh.Server.Storage;

/// <summary>What a watch found.</summary>
/// <param name="Revision">The revision to ask from next time.</param>
/// <param name="Resync">The asked-for revision is outside the history this store keeps: list again.</param>
/// <param name="Events">Matching changes after the asked-for revision, oldest first.</param>
internal sealed record WatchResult(long Revision, bool Resync, IReadOnlyList<ChangeEvent> Events);
