using System.Security.Cryptography;
using System.Text;
using Mesh.Server.Storage;

namespace Mesh.Server.Auth;

/// <summary>The roles a bearer token can carry.</summary>
internal enum TokenRole
{
    None,
    Join,
    Admin,
}

/// <summary>
/// The admin and join tokens: given by configuration, or read from the data directory, or created there at first
/// start (owner-only files) and announced once; plus the join tokens bound to identities (<see cref="BoundTokens"/>).
/// The default join token may obtain any identity, as before bound tokens existed.
/// </summary>
internal sealed class TokenStore
{
    private readonly byte[] _admin;
    private readonly byte[] _join;

    private TokenStore(string admin, string join, BoundTokens bound)
    {
        Bound = bound;
        Admin = admin;
        Join = join;
        _admin = Encoding.UTF8.GetBytes(admin);
        _join = Encoding.UTF8.GetBytes(join);
    }

    /// <summary>The admin token.</summary>
    public string Admin { get; }

    /// <summary>The join token.</summary>
    public string Join { get; }

    /// <summary>Join tokens bound to identities.</summary>
    public BoundTokens Bound { get; }

    public const string AdminFile = "admin.token";
    public const string JoinFile = "join.token";

    /// <summary>Loads or creates the tokens. <paramref name="created"/> lists the files made now.</summary>
    public static TokenStore Load(string dataDirectory, string? adminToken, string? joinToken, out List<(string File, string Token)> created)
    {
        created = [];
        var admin = adminToken ?? ReadOrCreate(Path.Combine(dataDirectory, AdminFile), created);
        var join = joinToken ?? ReadOrCreate(Path.Combine(dataDirectory, JoinFile), created);
        return new TokenStore(admin, join, BoundTokens.Load(dataDirectory));
    }

    /// <summary>What a presented token grants; the admin and join tokens are compared in constant time.</summary>
    public TokenGrant Check(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
        {
            return TokenGrant.None;
        }

        Span<byte> buffer = stackalloc byte[256];
        if (Encoding.UTF8.GetMaxByteCount(token.Length) > buffer.Length)
        {
            return TokenGrant.None;
        }

        var length = Encoding.UTF8.GetBytes(token, buffer);
        var presented = buffer[..length];
        if (CryptographicOperations.FixedTimeEquals(presented, _admin))
        {
            return new TokenGrant(TokenRole.Admin, null);
        }

        if (CryptographicOperations.FixedTimeEquals(presented, _join))
        {
            return new TokenGrant(TokenRole.Join, null);
        }

        // A bound token is looked up by the digest of what was presented: the digest of a 256-bit secret leaks
        // nothing useful through timing.
        return Bound.Find(BoundTokens.Digest(presented)) is { } scope ? new TokenGrant(TokenRole.Join, scope) : TokenGrant.None;
    }

    /// <summary>A new random token: 32 bytes, URL-safe base64.</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string ReadOrCreate(string path, List<(string, string)> created)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        var token = NewSecret();
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(token + "\n"));
        created.Add((path, token));
        return token;
    }
}
