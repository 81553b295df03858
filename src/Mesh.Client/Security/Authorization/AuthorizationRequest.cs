using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// The attributes of one inbound request that AuthorizationPolicy can look at, read once from the HttpContext.
/// A struct passed by reference: building it allocates nothing.
/// </summary>
internal readonly struct AuthorizationRequest
{
    private readonly IHeaderDictionary? _headers;

    public AuthorizationRequest(
        string? principal,
        IPAddress? remoteIp,
        IPAddress? localIp,
        int localPort,
        string method,
        string path,
        string host,
        IHeaderDictionary? headers = null,
        string? sni = null)
    {
        Principal = string.IsNullOrEmpty(principal) ? null : principal;
        RemoteIp = remoteIp;
        LocalIp = localIp;
        LocalPort = localPort;
        Method = method;
        Path = path;
        Host = host;
        _headers = headers;
        Sni = sni;
    }

    /// <summary>The peer's principal (<c>td/ns/N/sa/S</c>) from its certificate; null for plaintext callers.</summary>
    public string? Principal { get; }

    /// <summary>The caller's address (the socket peer: Mesh has no proxy in front, so it is also the remote IP).</summary>
    public IPAddress? RemoteIp { get; }

    /// <summary>The address the request arrived on.</summary>
    public IPAddress? LocalIp { get; }

    /// <summary>The port the request arrived on.</summary>
    public int LocalPort { get; }

    public string Method { get; }

    /// <summary>The path without the query string.</summary>
    public string Path { get; }

    /// <summary>The Host header (authority), with its port when the caller wrote one.</summary>
    public string Host { get; }

    /// <summary>The TLS server name the caller asked for; null for plaintext or when none was sent.</summary>
    public string? Sni { get; }

    /// <summary>The peer's namespace, taken from its principal; empty when there is none.</summary>
    public ReadOnlySpan<char> PeerNamespace => PrincipalParts.Namespace(Principal);

    public static AuthorizationRequest From(HttpContext context, string? principal)
    {
        var request = context.Request;
        var connection = context.Connection;

        // Kestrel has already decoded the path and removed dot segments: policy sees the path the application routes on.
        var path = request.PathBase.HasValue ? request.PathBase.Add(request.Path).Value! : request.Path.Value ?? "";
        var sni = context.Features.Get<ITlsHandshakeFeature>()?.HostName;
        return new AuthorizationRequest(principal, connection.RemoteIpAddress, connection.LocalIpAddress, connection.LocalPort,
            request.Method, path.Length == 0 ? "/" : path, request.Host.Value ?? "", request.Headers, string.IsNullOrEmpty(sni) ? null : sni);
    }

    /// <summary>A request header, as one value (several values joined by commas, as Envoy sees them); null when absent.</summary>
    public string? Header(string name)
    {
        if (_headers is null || !_headers.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 ? values[0] : values.ToString();
    }
}
