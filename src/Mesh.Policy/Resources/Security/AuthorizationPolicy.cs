namespace Mesh.Policy.Resources.Security;

/// <summary>Istio AuthorizationPolicy: who may call what.</summary>
public sealed class AuthorizationPolicy : MeshResource<AuthorizationPolicySpec>
{
    /// <summary>Creates an empty AuthorizationPolicy.</summary>
    public AuthorizationPolicy()
        : base(ResourceKinds.AuthorizationPolicy)
    {
    }
}

/// <summary>The spec of an <see cref="AuthorizationPolicy"/>. An empty spec allows nothing.</summary>
[UnsupportedField("targetRef", "gateways are not part of Mesh; use selector")]
[UnsupportedField("targetRefs", "gateways are not part of Mesh; use selector")]
[UnsupportedField("provider", "CUSTOM authorization providers are not implemented")]
public sealed class AuthorizationPolicySpec
{
    /// <summary>The workloads it applies to; all in the namespace when absent.</summary>
    public WorkloadSelector? Selector { get; set; }

    /// <summary>The rules; a request matching any rule gets the action.</summary>
    public List<AuthorizationRule>? Rules { get; set; }

    /// <summary>ALLOW (default), DENY or AUDIT.</summary>
    public AuthorizationAction? Action { get; set; }
}

/// <summary>The action of a policy.</summary>
public enum AuthorizationAction
{
    /// <summary>Allow matching requests.</summary>
    Allow,

    /// <summary>Deny matching requests.</summary>
    Deny,

    /// <summary>Log matching requests.</summary>
    Audit,

    /// <summary>Not supported by Mesh.</summary>
    Custom,
}

/// <summary>A rule: sources, operations and conditions, all of which must match.</summary>
public sealed class AuthorizationRule
{
    /// <summary>Sources; any may match.</summary>
    public List<RuleFrom>? From { get; set; }

    /// <summary>Operations; any may match.</summary>
    public List<RuleTo>? To { get; set; }

    /// <summary>Conditions; all must match.</summary>
    public List<Condition>? When { get; set; }
}

/// <summary>Wraps a <see cref="Source"/>.</summary>
public sealed class RuleFrom
{
    /// <summary>The source.</summary>
    public Source? Source { get; set; }
}

/// <summary>Wraps an <see cref="Operation"/>.</summary>
public sealed class RuleTo
{
    /// <summary>The operation.</summary>
    public Operation? Operation { get; set; }
}

/// <summary>Who is calling. Every field given must match.</summary>
[UnsupportedField("requestPrincipals", "end-user JWT authentication is not implemented")]
[UnsupportedField("notRequestPrincipals", "end-user JWT authentication is not implemented")]
public sealed class Source
{
    /// <summary>Peer identities, e.g. <c>cluster.local/ns/default/sa/bookinfo-productpage</c>; <c>*</c> patterns.</summary>
    public List<string>? Principals { get; set; }

    /// <summary>Negative match of principals.</summary>
    public List<string>? NotPrincipals { get; set; }

    /// <summary>Caller namespaces.</summary>
    public List<string>? Namespaces { get; set; }

    /// <summary>Negative match of namespaces.</summary>
    public List<string>? NotNamespaces { get; set; }

    /// <summary>Caller IPs or CIDRs.</summary>
    public List<string>? IpBlocks { get; set; }

    /// <summary>Negative match of IP blocks.</summary>
    public List<string>? NotIpBlocks { get; set; }

    /// <summary>Original client IPs (X-Forwarded-For).</summary>
    public List<string>? RemoteIpBlocks { get; set; }

    /// <summary>Negative match of remote IP blocks.</summary>
    public List<string>? NotRemoteIpBlocks { get; set; }

    /// <summary>Caller service accounts (<c>ns/name</c> or <c>name</c>).</summary>
    public List<string>? ServiceAccounts { get; set; }

    /// <summary>Negative match of service accounts.</summary>
    public List<string>? NotServiceAccounts { get; set; }
}

/// <summary>What is being called. Every field given must match.</summary>
public sealed class Operation
{
    /// <summary>Hosts (Host header).</summary>
    public List<string>? Hosts { get; set; }

    /// <summary>Negative match of hosts.</summary>
    public List<string>? NotHosts { get; set; }

    /// <summary>Ports.</summary>
    public List<string>? Ports { get; set; }

    /// <summary>Negative match of ports.</summary>
    public List<string>? NotPorts { get; set; }

    /// <summary>Methods.</summary>
    public List<string>? Methods { get; set; }

    /// <summary>Negative match of methods.</summary>
    public List<string>? NotMethods { get; set; }

    /// <summary>Paths: exact, <c>/prefix*</c>, <c>*suffix</c> or <c>*</c>.</summary>
    public List<string>? Paths { get; set; }

    /// <summary>Negative match of paths.</summary>
    public List<string>? NotPaths { get; set; }
}

/// <summary>A condition on a request attribute.</summary>
public sealed class Condition
{
    /// <summary>The attribute, e.g. <c>request.headers[version]</c> or <c>source.principal</c>. Required.</summary>
    [RequiredField]
    public string? Key { get; set; }

    /// <summary>Accepted values.</summary>
    public List<string>? Values { get; set; }

    /// <summary>Refused values.</summary>
    public List<string>? NotValues { get; set; }
}
