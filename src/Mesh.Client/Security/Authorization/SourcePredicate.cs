using Mesh.Policy.Resources.Security;

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// A compiled <c>from.source</c>: every field given must match. Principals and namespaces come from the peer's
/// certificate, so a plaintext caller never matches them (and always satisfies their <c>not</c> forms), as in Istio.
/// </summary>
internal sealed class SourcePredicate : RequestPredicate
{
    private readonly PatternSet? _principals;
    private readonly PatternSet? _notPrincipals;
    private readonly PatternSet? _namespaces;
    private readonly PatternSet? _notNamespaces;
    private readonly IpBlockSet? _ipBlocks;
    private readonly IpBlockSet? _notIpBlocks;

    private SourcePredicate(PatternSet? principals, PatternSet? notPrincipals, PatternSet? namespaces, PatternSet? notNamespaces, IpBlockSet? ipBlocks, IpBlockSet? notIpBlocks)
    {
        _principals = principals;
        _notPrincipals = notPrincipals;
        _namespaces = namespaces;
        _notNamespaces = notNamespaces;
        _ipBlocks = ipBlocks;
        _notIpBlocks = notIpBlocks;
    }

    /// <param name="source">The source.</param>
    /// <param name="policyNamespace">Where the policy lives: a service account named without a namespace is there.</param>
    /// <param name="trustDomain">The mesh's trust domain, for service accounts.</param>
    public static SourcePredicate Create(Source source, string policyNamespace, string trustDomain)
    {
        // serviceAccounts is principals written as ns/sa: compile it to the principals it names.
        var principals = Merge(source.Principals, ServiceAccountPrincipals(source.ServiceAccounts, policyNamespace, trustDomain));
        var notPrincipals = Merge(source.NotPrincipals, ServiceAccountPrincipals(source.NotServiceAccounts, policyNamespace, trustDomain));

        // No proxy stands in front of a meshed service: the socket peer is the original client, so remoteIpBlocks
        // and ipBlocks check the same address.
        return new SourcePredicate(
            PatternSet.Create(principals),
            PatternSet.Create(notPrincipals),
            PatternSet.Create(source.Namespaces),
            PatternSet.Create(source.NotNamespaces),
            IpBlockSet.Create(Merge(source.IpBlocks, source.RemoteIpBlocks)),
            IpBlockSet.Create(Merge(source.NotIpBlocks, source.NotRemoteIpBlocks)));
    }

    public override bool Matches(in AuthorizationRequest request)
    {
        var principal = request.Principal;
        if (_principals is not null && (principal is null || !_principals.Matches(principal)))
        {
            return false;
        }

        if (_notPrincipals is not null && principal is not null && _notPrincipals.Matches(principal))
        {
            return false;
        }

        if (_namespaces is not null || _notNamespaces is not null)
        {
            var ns = request.PeerNamespace;
            if (_namespaces is not null && (ns.IsEmpty || !_namespaces.Matches(ns)))
            {
                return false;
            }

            if (_notNamespaces is not null && !ns.IsEmpty && _notNamespaces.Matches(ns))
            {
                return false;
            }
        }

        if (_ipBlocks is not null && !_ipBlocks.Contains(request.RemoteIp))
        {
            return false;
        }

        return _notIpBlocks is null || !_notIpBlocks.Contains(request.RemoteIp);
    }

    /// <summary><c>ns/sa</c> or <c>sa</c> (in the policy's namespace) as principals in the mesh's trust domain.</summary>
    internal static List<string>? ServiceAccountPrincipals(List<string>? accounts, string policyNamespace, string trustDomain)
    {
        if (accounts is not { Count: > 0 })
        {
            return null;
        }

        var principals = new List<string>(accounts.Count);
        foreach (var account in accounts)
        {
            var slash = account.IndexOf('/', StringComparison.Ordinal);
            principals.Add(slash < 0
                ? PrincipalParts.Of(trustDomain, policyNamespace, account)
                : PrincipalParts.Of(trustDomain, account[..slash], account[(slash + 1)..]));
        }

        return principals;
    }

    private static List<string>? Merge(List<string>? a, List<string>? b)
    {
        if (a is not { Count: > 0 })
        {
            return b;
        }

        return b is not { Count: > 0 } ? a : [.. a, .. b];
    }
}
