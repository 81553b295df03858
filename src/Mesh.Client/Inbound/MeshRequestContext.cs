namespace Mesh.Client.Inbound;

/// <summary>
/// What the mesh knows about an inbound request, available as an HttpContext feature
/// (<c>HttpContext.Features.Get&lt;MeshRequestContext&gt;()</c>). Security and telemetry add to it.
/// </summary>
public sealed class MeshRequestContext
{
    /// <summary>The service receiving the request (this one).</summary>
    public required string Service { get; init; }

    /// <summary>This service's namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The request id (<c>x-request-id</c>), taken from the caller or created here.</summary>
    public required string RequestId { get; init; }

    /// <summary>
    /// The caller's identity from its client certificate, in principal form (<c>cluster.local/ns/NS/sa/SA</c>, as
    /// AuthorizationPolicy writes principals; see <see cref="Mesh.Policy.Identity.SpiffeId"/>); null for plaintext
    /// callers.
    /// </summary>
    public string? PeerPrincipal { get; init; }

    /// <summary>
    /// What a mesh caller says it is (<c>app;version;namespace</c>), told once per HTTP/1.x connection or with each
    /// HTTP/2 request; null when it said nothing. Informational: a caller can say anything, so it labels metrics and
    /// logs and never decides access (<see cref="PeerPrincipal"/> does).
    /// </summary>
    public string? PeerMetadata { get; init; }
}
