using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Server.Storage;

namespace Mesh.Server.Auth;

/// <summary>
/// Join tokens bound to identities, created by the admin at run time and kept in the data directory's
/// <c>join-tokens.json</c> (owner-only). Only a SHA-256 digest of each secret is stored, so the file does not
/// hand out working tokens. Reads take an immutable snapshot; writes are serialized and atomic.
/// </summary>
internal sealed class BoundTokens
{
    public const string FileName = "join-tokens.json";

    private readonly string _path;
    private readonly Lock _writeLock = new();
    private Dictionary<string, Entry> _byDigest;

    private BoundTokens(string path, Dictionary<string, Entry> byDigest)
    {
        _path = path;
        _byDigest = byDigest;
    }

    public static BoundTokens Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var byDigest = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            try
            {
                foreach (var entry in JsonSerializer.Deserialize<List<Entry?>>(File.ReadAllText(path), PolicySerializer.Options) ?? [])
                {
                    // The serializer leaves missing fields null; such an entry ended the start with an exception naming no
                    // file, or (no service accounts) answered 500 to every request with its token.
                    if (entry is not { Id.Length: > 0, Sha256.Length: > 0, Namespace.Length: > 0, ServiceAccounts: { } accounts } || accounts.Any(string.IsNullOrEmpty))
                    {
                        throw new InvalidDataException($"{path} is not readable (an entry lacks its id, sha256, namespace or serviceAccounts); restore it or remove it (its tokens then stop working)");
                    }

                    byDigest[entry.Sha256] = entry;
                }
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path} is not readable ({ex.Message}); restore it or remove it (its tokens then stop working)", ex);
            }
        }

        return new BoundTokens(path, byDigest);
    }

    /// <summary>The scope of the token whose SHA-256 digest is <paramref name="digest"/>, or null.</summary>
    public IdentityScope? Find(string digest) =>
        Volatile.Read(ref _byDigest).TryGetValue(digest, out var entry) ? new IdentityScope(entry.Namespace, entry.ServiceAccounts) : null;

    public (string Token, JoinTokenInfo Info) Create(string @namespace, IReadOnlyList<string> serviceAccounts, DateTimeOffset now)
    {
        var token = TokenStore.NewSecret();
        var entry = new Entry(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), Digest(token), @namespace, [.. serviceAccounts], now);
        lock (_writeLock)
        {
            var next = new Dictionary<string, Entry>(_byDigest, StringComparer.Ordinal) { [entry.Sha256] = entry };
            Save(next);
            Volatile.Write(ref _byDigest, next);
        }

        return (token, entry.Info);
    }

    public IReadOnlyList<JoinTokenInfo> List() =>
        [.. Volatile.Read(ref _byDigest).Values.OrderBy(e => e.CreatedAt).Select(e => e.Info)];

    public bool Revoke(string id)
    {
        lock (_writeLock)
        {
            var next = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var (digest, entry) in _byDigest)
            {
                if (entry.Id != id)
                {
                    next[digest] = entry;
                }
            }

            if (next.Count == _byDigest.Count)
            {
                return false;
            }

            Save(next);
            Volatile.Write(ref _byDigest, next);
            return true;
        }
    }

    /// <summary>The lower-case hex SHA-256 of a token's UTF-8 bytes.</summary>
    public static string Digest(ReadOnlySpan<byte> token) => Convert.ToHexStringLower(SHA256.HashData(token));

    private static string Digest(string token) => Digest(Encoding.UTF8.GetBytes(token));

    private void Save(Dictionary<string, Entry> entries) =>
        AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(entries.Values.OrderBy(e => e.CreatedAt).ToList(), PolicySerializer.Options));

    private sealed record Entry(string Id, string Sha256, string Namespace, string[] ServiceAccounts, DateTimeOffset CreatedAt)
    {
        public JoinTokenInfo Info => new(Id, Namespace, ServiceAccounts, CreatedAt);
    }
}
