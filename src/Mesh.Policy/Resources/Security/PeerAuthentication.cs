namespace Mesh.Policy.Resources.Security;

/// <summary>Istio PeerAuthentication: whether workloads accept plaintext, mTLS or both.</summary>
public sealed class PeerAuthentication : MeshResource<PeerAuthenticationSpec>
{
    /// <summary>Creates an empty PeerAuthentication.</summary>
    public PeerAuthentication()
        : base(ResourceKinds.PeerAuthentication)
    {
    }
}

/// <summary>The spec of a <see cref="PeerAuthentication"/>.</summary>
public sealed class PeerAuthenticationSpec
{
    /// <summary>The workloads it applies to; all in the namespace when absent.</summary>
    public WorkloadSelector? Selector { get; set; }

    /// <summary>The mode for all ports.</summary>
    public MutualTls? Mtls { get; set; }

    /// <summary>Modes per port number (requires a selector).</summary>
    public Dictionary<string, MutualTls>? PortLevelMtls { get; set; }
}

/// <summary>An mTLS mode setting.</summary>
public sealed class MutualTls
{
    /// <summary>The mode; UNSET inherits from the parent scope.</summary>
    public MutualTlsMode? Mode { get; set; }
}

/// <summary>PeerAuthentication modes.</summary>
public enum MutualTlsMode
{
    /// <summary>Inherit from the parent scope (PERMISSIVE at the top).</summary>
    Unset,

    /// <summary>Plaintext only.</summary>
    Disable,

    /// <summary>Both mTLS and plaintext.</summary>
    Permissive,

    /// <summary>mTLS only.</summary>
    Strict,
}
