namespace Mesh.Server.Storage;

/// <summary>A commit's expected revision did not match the store's: someone else wrote first. Retry.</summary>
internal sealed class StoreConflictException(long expected, long actual)
    : Exception($"the store is at revision {actual}, not {expected}")
{
    public long Expected { get; } = expected;

    public long Actual { get; } = actual;
}
