namespace Mesh.Client.Security.Authorization;

/// <summary>The request arrived on one of the given local ports (SMI TCPRoute ports, a TrafficTarget destination port).</summary>
internal sealed class PortPredicate(int[] ports) : RequestPredicate
{
    public override bool Matches(in AuthorizationRequest request) => Array.IndexOf(ports, request.LocalPort) >= 0;
}
