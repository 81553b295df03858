namespace BookInfo.Hosting;

/// <summary>Where a service finds the control server, and the token it joins with.</summary>
internal sealed record MeshConnection(string ControlPlane, string JoinToken);
