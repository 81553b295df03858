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
/// start (owner-only files) and announced once.
/// </summary>
internal sealed class TokenStore
{
    private readonly byte[] _admin;
    private readonly byte[] _join;

    private TokenStore(string admin, string join)
    {
        Admin = admin;
        Join = join;
        _admin = Encoding.UTF8.GetBytes(admin);
        _join = Encoding.UTF8.GetBytes(join);
    }

    /// <summary>The admin token.</summary>
    public string Admin { get; }

    /// <summary>The join token.</summary>
    public string Join { get; }

    public const string AdminFile = "admin.token";
    public const string JoinFile = "join.token";

    /// <summary>Loads or creates the tokens. <paramref name="created"/> lists the files made now.</summary>
    public static TokenStore Load(string dataDirectory, string? adminToken, string? joinToken, out List<(string File, string Token)> created)
    {
        created = [];
        var admin = adminToken ?? ReadOrCreate(Path.Combine(dataDirectory, AdminFile), created);
        var join = joinToken ?? ReadOrCreate(Path.Combine(dataDirectory, JoinFile), created);
        return new TokenStore(admin, join);
    }

    /// <summary>The role of a presented token, compared in constant time.</summary>
    public TokenRole Check(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
        {
            return TokenRole.None;
        }

        Span<byte> buffer = stackalloc byte[256];
        if (Encoding.UTF8.GetMaxByteCount(token.Length) > buffer.Length)
        {
            return TokenRole.None;
        }

        var length = Encoding.UTF8.GetBytes(token, buffer);
        var presented = buffer[..length];
        if (CryptographicOperations.FixedTimeEquals(presented, _admin))
        {
            return TokenRole.Admin;
        }

        return CryptographicOperations.FixedTimeEquals(presented, _join) ? TokenRole.Join : TokenRole.None;
    }

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

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(token + "\n"));
        created.Add((path, token));
        return token;
    }
}
