namespace Mesh.Policy.Resources.Networking;

/// <summary>Istio WorkloadEntry: one instance of a service. Live instances in the registry appear as these.</summary>
public sealed class WorkloadEntry : MeshResource<WorkloadEntrySpec>
{
    /// <summary>Creates an empty WorkloadEntry.</summary>
    public WorkloadEntry()
        : base(ResourceKinds.WorkloadEntry)
    {
    }

    /// <inheritdoc />
    public override IEnumerable<string> GetHosts()
    {
        if (Spec.Labels is not null && Spec.Labels.TryGetValue("app", out var app))
        {
            yield return app;
        }
    }
}

/// <summary>The spec of a <see cref="WorkloadEntry"/>, also the shape of a ServiceEntry endpoint.</summary>
public sealed class WorkloadEntrySpec
{
    /// <summary>The IP address or host name. Required.</summary>
    public string? Address { get; set; }

    /// <summary>Port numbers by port name (e.g. <c>http: 9080</c>).</summary>
    public Dictionary<string, int>? Ports { get; set; }

    /// <summary>Labels, e.g. <c>app</c> and <c>version</c>.</summary>
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>The network the endpoint is on.</summary>
    public string? Network { get; set; }

    /// <summary>region/zone/subzone.</summary>
    public string? Locality { get; set; }

    /// <summary>Load balancing weight.</summary>
    public int? Weight { get; set; }

    /// <summary>The service account the workload runs as: its identity.</summary>
    public string? ServiceAccount { get; set; }
}
