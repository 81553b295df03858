using Mesh.Policy.Resources.Security;

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// A compiled <c>when</c> condition. With <c>values</c>, the attribute must match one; with <c>notValues</c>, it must
/// match none; an absent attribute (no such header, a plaintext caller) matches no value, so it fails
/// <c>values</c> and passes <c>notValues</c>, as in Istio.
/// </summary>
internal sealed class ConditionPredicate : RequestPredicate
{
    private readonly Attribute _attribute;
    private readonly string? _header;
    private readonly PatternSet? _values;
    private readonly PatternSet? _notValues;
    private readonly IpBlockSet? _ips;
    private readonly IpBlockSet? _notIps;
    private readonly int[]? _ports;
    private readonly int[]? _notPorts;

    private ConditionPredicate(Attribute attribute, string? header, Condition condition, string policyNamespace, string trustDomain)
    {
        _attribute = attribute;
        _header = header;
        switch (attribute)
        {
            case Attribute.SourceIp or Attribute.DestinationIp:
                _ips = IpBlockSet.Create(condition.Values);
                _notIps = IpBlockSet.Create(condition.NotValues);
                break;
            case Attribute.DestinationPort:
                _ports = OperationPredicate.Ports(condition.Values);
                _notPorts = OperationPredicate.Ports(condition.NotValues);
                break;
            case Attribute.SourceServiceAccount:
                _values = PatternSet.Create(SourcePredicate.ServiceAccountPrincipals(condition.Values, policyNamespace, trustDomain));
                _notValues = PatternSet.Create(SourcePredicate.ServiceAccountPrincipals(condition.NotValues, policyNamespace, trustDomain));
                break;
            default:
                _values = PatternSet.Create(condition.Values);
                _notValues = PatternSet.Create(condition.NotValues);
                break;
        }
    }

    private enum Attribute
    {
        Header,
        SourceIp,
        SourceNamespace,
        SourcePrincipal,
        SourceServiceAccount,
        DestinationIp,
        DestinationPort,
        ConnectionSni,
    }

    /// <summary>Compiles a condition; an unknown key (the validator refuses them) is a compile error.</summary>
    public static ConditionPredicate Create(Condition condition, string policyNamespace, string trustDomain)
    {
        var key = condition.Key ?? "";
        const string headerPrefix = "request.headers[";
        if (key.StartsWith(headerPrefix, StringComparison.Ordinal) && key.EndsWith(']') && key.Length > headerPrefix.Length + 1)
        {
            return new ConditionPredicate(Attribute.Header, key[headerPrefix.Length..^1], condition, policyNamespace, trustDomain);
        }

        var attribute = key switch
        {
            // No proxy stands in front of a meshed service: the remote IP is the socket peer's.
            "source.ip" or "remote.ip" => Attribute.SourceIp,
            "source.namespace" => Attribute.SourceNamespace,
            "source.principal" => Attribute.SourcePrincipal,
            "source.serviceAccount" => Attribute.SourceServiceAccount,
            "destination.ip" => Attribute.DestinationIp,
            "destination.port" => Attribute.DestinationPort,
            "connection.sni" => Attribute.ConnectionSni,
            _ => throw new InvalidOperationException($"condition key \"{key}\" is not supported"),
        };
        return new ConditionPredicate(attribute, null, condition, policyNamespace, trustDomain);
    }

    public override bool Matches(in AuthorizationRequest request)
    {
        switch (_attribute)
        {
            case Attribute.SourceIp:
                return Ip(request.RemoteIp);
            case Attribute.DestinationIp:
                return Ip(request.LocalIp);
            case Attribute.DestinationPort:
                return (_ports is null || Array.IndexOf(_ports, request.LocalPort) >= 0)
                    && (_notPorts is null || Array.IndexOf(_notPorts, request.LocalPort) < 0);
            case Attribute.SourceNamespace:
                var ns = request.PeerNamespace;
                return ns.IsEmpty ? _values is null : Text(ns);
            case Attribute.Header:
                return request.Header(_header!) is { } value ? Text(value) : _values is null;
            case Attribute.ConnectionSni:
                return request.Sni is { } sni ? Text(sni) : _values is null;
            default: // the principal, for source.principal and source.serviceAccount
                return request.Principal is { } principal ? Text(principal) : _values is null;
        }
    }

    private bool Text(ReadOnlySpan<char> value) =>
        (_values is null || _values.Matches(value)) && (_notValues is null || !_notValues.Matches(value));

    private bool Ip(System.Net.IPAddress? address) =>
        address is null
            ? _ips is null
            : (_ips is null || _ips.Contains(address)) && (_notIps is null || !_notIps.Contains(address));
}
