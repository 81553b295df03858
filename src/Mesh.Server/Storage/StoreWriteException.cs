namespace Mesh.Server.Storage;

/// <summary>
/// A file of the data directory could not be written (disk full, read-only, I/O error). The old content is intact
/// and nothing in memory changed; the HTTP layer answers 507 (see <c>Http.StoreWriteFailureMiddleware</c>).
/// </summary>
internal sealed class StoreWriteException(string path, Exception inner)
    : IOException($"could not write {path}: {inner.Message}", inner)
{
    /// <summary>The file that could not be written.</summary>
    public string Path { get; } = path;
}
