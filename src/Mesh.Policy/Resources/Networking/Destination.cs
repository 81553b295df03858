namespace Mesh.Policy.Resources.Networking;

/// <summary>A service (and optionally a subset and port) that traffic is sent to.</summary>
public sealed class Destination
{
    /// <summary>The destination service: a short name resolved in the resource's namespace, or a fully qualified name.</summary>
    [RequiredField]
    public string? Host { get; set; }

    /// <summary>A subset defined by a DestinationRule for the host.</summary>
    public string? Subset { get; set; }

    /// <summary>The port, when the service has several.</summary>
    public PortSelector? Port { get; set; }
}

/// <summary>Selects a port by number.</summary>
public sealed class PortSelector
{
    /// <summary>The port number.</summary>
    public int Number { get; set; }
}

/// <summary>One mirror destination with its percentage (<c>mirrors[]</c>).</summary>
public sealed class HttpMirrorPolicy
{
    /// <summary>Where the copy goes.</summary>
    [RequiredField]
    public Destination? Destination { get; set; }

    /// <summary>The share of requests copied; 100 when absent.</summary>
    public Percent? Percentage { get; set; }
}
