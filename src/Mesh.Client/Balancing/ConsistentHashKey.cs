using System.Net.Http.Headers;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Balancing;

/// <summary>
/// Reads a request's consistent-hash key (a header, a cookie, a query parameter or the source IP) and hashes it
/// with <see cref="MeshHash"/>. Reading does not allocate: headers are read through
/// <see cref="HttpHeaders.NonValidated"/> and cookies and query strings are parsed as spans.
/// </summary>
/// <remarks>
/// A header sent several times hashes the same whatever the order of its values (as in Envoy). A cookie with an
/// empty value counts as absent; a header or query parameter that is present but empty is a key. Cookies that a
/// <see cref="System.Net.CookieContainer"/> adds when the request is sent are not seen: only the request's own
/// <c>Cookie</c> header is read.
/// </remarks>
internal sealed class ConsistentHashKey
{
    private const string CookieHeader = "Cookie";

    /// <summary>Creates a key reader.</summary>
    public ConsistentHashKey(HashKeyKind kind, string? name)
    {
        if (kind != HashKeyKind.SourceIp && string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"A {kind} hash key needs a name.", nameof(name));
        }

        Kind = kind;
        Name = name ?? string.Empty;
    }

    /// <summary>Where the key is read from.</summary>
    public HashKeyKind Kind { get; }

    /// <summary>The header, cookie or query parameter name (empty for <see cref="HashKeyKind.SourceIp"/>).</summary>
    public string Name { get; }

    /// <summary>The key reader for Istio's <c>consistentHash</c> settings.</summary>
    /// <exception cref="ArgumentException">Not exactly one hash key is set.</exception>
    public static ConsistentHashKey From(ConsistentHashSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var keys = (settings.HttpHeaderName is null ? 0 : 1) + (settings.HttpCookie is null ? 0 : 1)
            + (settings.UseSourceIp == true ? 1 : 0) + (settings.HttpQueryParameterName is null ? 0 : 1);
        if (keys != 1)
        {
            throw new ArgumentException(
                "consistentHash must set exactly one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName.",
                nameof(settings));
        }

        return settings switch
        {
            { HttpHeaderName: { } header } => new ConsistentHashKey(HashKeyKind.Header, header),
            { HttpCookie: { } cookie } => new ConsistentHashKey(HashKeyKind.Cookie, cookie.Name),
            { HttpQueryParameterName: { } parameter } => new ConsistentHashKey(HashKeyKind.QueryParameter, parameter),
            _ => new ConsistentHashKey(HashKeyKind.SourceIp, null),
        };
    }

    /// <summary>Hashes the request's key; false when the request does not carry one.</summary>
    public bool TryGetHash(in PickContext context, out ulong hash)
    {
        switch (Kind)
        {
            case HashKeyKind.Header:
                return TryHashHeader(context.Request, out hash);
            case HashKeyKind.Cookie:
                return TryHashCookie(context.Request, out hash);
            case HashKeyKind.QueryParameter:
                var found = RequestKeyReader.TryGetQueryParameter(context.Request.RequestUri, Name, out var value);
                hash = found ? MeshHash.Hash(value) : 0;
                return found;
            default:
                var address = context.SourceAddress;
                hash = string.IsNullOrEmpty(address) ? 0 : MeshHash.Hash(address);
                return !string.IsNullOrEmpty(address);
        }
    }

    private bool TryHashHeader(HttpRequestMessage request, out ulong hash)
    {
        if (!request.Headers.NonValidated.TryGetValues(Name, out var values)
            && (request.Content is null || !request.Content.Headers.NonValidated.TryGetValues(Name, out values)))
        {
            hash = 0;
            return false;
        }

        // One value hashes as itself; several combine by addition so that their order does not matter.
        ulong single = 0, sum = 0;
        var count = 0;
        foreach (var value in values)
        {
            single = MeshHash.Hash(value);
            sum += single;
            count++;
        }

        hash = count == 1 ? single : MeshHash.Finish(sum);
        return count > 0;
    }

    private bool TryHashCookie(HttpRequestMessage request, out ulong hash)
    {
        if (request.Headers.NonValidated.TryGetValues(CookieHeader, out var headers))
        {
            foreach (var header in headers)
            {
                if (RequestKeyReader.TryGetCookie(header, Name, out var value))
                {
                    hash = MeshHash.Hash(value);
                    return !value.IsEmpty;
                }
            }
        }

        hash = 0;
        return false;
    }
}
