namespace Mesh.Policy.Resources.Networking;

/// <summary>Istio ServiceEntry: a service the mesh knows of but does not run (usually external).</summary>
public sealed class ServiceEntry : MeshResource<ServiceEntrySpec>
{
    /// <summary>Creates an empty ServiceEntry.</summary>
    public ServiceEntry()
        : base(ResourceKinds.ServiceEntry)
    {
    }

    /// <inheritdoc />
    public override IEnumerable<string> GetHosts() => Spec.Hosts ?? [];
}

/// <summary>The spec of a <see cref="ServiceEntry"/>.</summary>
[UnsupportedField("workloadSelector", "list endpoints, or let instances register")]
public sealed class ServiceEntrySpec
{
    /// <summary>The hosts. Required.</summary>
    [RequiredField]
    public List<string>? Hosts { get; set; }

    /// <summary>Virtual IPs or CIDR ranges of the service.</summary>
    public List<string>? Addresses { get; set; }

    /// <summary>The ports of the service.</summary>
    public List<ServicePort>? Ports { get; set; }

    /// <summary>Whether the service is outside (the default) or inside the mesh.</summary>
    public ServiceEntryLocation? Location { get; set; }

    /// <summary>How endpoints are found.</summary>
    public ServiceEntryResolution? Resolution { get; set; }

    /// <summary>Static endpoints.</summary>
    public List<WorkloadEntrySpec>? Endpoints { get; set; }

    /// <summary>Namespaces this resource is visible to.</summary>
    public List<string>? ExportTo { get; set; }

    /// <summary>Accepted server identities.</summary>
    public List<string>? SubjectAltNames { get; set; }
}

/// <summary>A port of a service.</summary>
public sealed class ServicePort
{
    /// <summary>The port number. Required.</summary>
    public int Number { get; set; }

    /// <summary>HTTP, HTTPS, HTTP2, GRPC, TLS, TCP or MONGO.</summary>
    public string? Protocol { get; set; }

    /// <summary>A name for the port. Required by Istio.</summary>
    public string? Name { get; set; }

    /// <summary>The port on the endpoint, when it differs.</summary>
    public int? TargetPort { get; set; }
}

/// <summary>Where the service lives.</summary>
public enum ServiceEntryLocation
{
    /// <summary>Outside the mesh.</summary>
    MeshExternal,

    /// <summary>Part of the mesh.</summary>
    MeshInternal,
}

/// <summary>How endpoints of a ServiceEntry are found.</summary>
public enum ServiceEntryResolution
{
    /// <summary>Connect to the address the caller asked for.</summary>
    None,

    /// <summary>Use the listed endpoints' addresses.</summary>
    Static,

    /// <summary>Resolve host names through DNS.</summary>
    Dns,

    /// <summary>Resolve through DNS, using the first address.</summary>
    DnsRoundRobin,
}
