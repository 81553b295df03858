using System.Globalization;
using System.Net;
using Mesh.Policy.Resources.Security;
using static Mesh.Policy.Validation.ValidationRules;

namespace Mesh.Policy.Validation;

/// <summary>Validates PeerAuthentication and AuthorizationPolicy specs.</summary>
internal static class SecurityValidator
{
    private static readonly HashSet<string> Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    public static void Validate(PeerAuthenticationSpec spec, DiagnosticBag bag)
    {
        Labels(bag, "spec.selector.matchLabels", spec.Selector?.MatchLabels);
        if (spec.PortLevelMtls is not { Count: > 0 })
        {
            return;
        }

        if (spec.Selector?.MatchLabels is not { Count: > 0 })
        {
            bag.Error("spec.portLevelMtls", "needs a workload selector (as in Istio): port-level modes apply to selected workloads only");
        }

        foreach (var port in spec.PortLevelMtls.Keys)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                bag.Error("spec.portLevelMtls." + port, $"\"{port}\" is not a port number (1-65535)");
            }
        }
    }

    public static void Validate(AuthorizationPolicySpec spec, DiagnosticBag bag)
    {
        Labels(bag, "spec.selector.matchLabels", spec.Selector?.MatchLabels);
        if (spec.Action == AuthorizationAction.Custom)
        {
            bag.Error("spec.action", "CUSTOM is not supported by Mesh; use ALLOW or DENY");
        }

        if (spec.Action == AuthorizationAction.Deny && spec.Rules is null or { Count: 0 })
        {
            bag.Warning("spec.rules", "a DENY policy without rules matches nothing and has no effect");
        }

        for (var i = 0; i < (spec.Rules?.Count ?? 0); i++)
        {
            var rule = spec.Rules![i];
            var path = Index("spec.rules", i);
            for (var j = 0; j < (rule.From?.Count ?? 0); j++)
            {
                var fromPath = Index(path + ".from", j) + ".source";
                if (rule.From![j].Source is not { } source)
                {
                    bag.Error(fromPath, "required field is missing");
                    continue;
                }

                IpBlocks(source.IpBlocks, fromPath + ".ipBlocks", bag);
                IpBlocks(source.NotIpBlocks, fromPath + ".notIpBlocks", bag);
                IpBlocks(source.RemoteIpBlocks, fromPath + ".remoteIpBlocks", bag);
                IpBlocks(source.NotRemoteIpBlocks, fromPath + ".notRemoteIpBlocks", bag);
            }

            for (var j = 0; j < (rule.To?.Count ?? 0); j++)
            {
                var toPath = Index(path + ".to", j) + ".operation";
                if (rule.To![j].Operation is not { } operation)
                {
                    bag.Error(toPath, "required field is missing");
                    continue;
                }

                MethodList(operation.Methods, toPath + ".methods", bag);
                MethodList(operation.NotMethods, toPath + ".notMethods", bag);
                PathList(operation.Paths, toPath + ".paths", bag);
                PathList(operation.NotPaths, toPath + ".notPaths", bag);
                PortList(operation.Ports, toPath + ".ports", bag);
                PortList(operation.NotPorts, toPath + ".notPorts", bag);
            }

            for (var j = 0; j < (rule.When?.Count ?? 0); j++)
            {
                Condition(rule.When![j], Index(path + ".when", j), bag);
            }
        }
    }

    private static void IpBlocks(List<string>? blocks, string path, DiagnosticBag bag)
    {
        for (var i = 0; i < (blocks?.Count ?? 0); i++)
        {
            if (!IPNetwork.TryParse(blocks![i], out _) && !IPAddress.TryParse(blocks[i], out _))
            {
                bag.Error(Index(path, i), $"\"{blocks[i]}\" is not an IP address or CIDR range");
            }
        }
    }

    private static void MethodList(List<string>? methods, string path, DiagnosticBag bag)
    {
        for (var i = 0; i < (methods?.Count ?? 0); i++)
        {
            if (methods![i] != "*" && !Methods.Contains(methods[i]))
            {
                bag.Error(Index(path, i), $"\"{methods[i]}\" is not an HTTP method (write it in upper case, e.g. GET)");
            }
        }
    }

    private static void PathList(List<string>? paths, string path, DiagnosticBag bag)
    {
        for (var i = 0; i < (paths?.Count ?? 0); i++)
        {
            var p = paths![i];
            var stars = p.Count(c => c == '*');
            if (p.Length == 0 || stars > 1 || (stars == 1 && p != "*" && p[0] != '*' && p[^1] != '*'))
            {
                bag.Error(Index(path, i), $"\"{p}\" is not a valid path: use an exact path, \"/prefix*\", \"*suffix\" or \"*\"");
            }
        }
    }

    private static void PortList(List<string>? ports, string path, DiagnosticBag bag)
    {
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            if (!int.TryParse(ports![i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 65535)
            {
                bag.Error(Index(path, i), $"\"{ports[i]}\" is not a port number");
            }
        }
    }

    private static void Condition(Condition condition, string path, DiagnosticBag bag)
    {
        var key = condition.Key;
        if (key is null)
        {
            return;
        }

        var known = key is "source.ip" or "remote.ip" or "source.namespace" or "source.principal" or "source.serviceAccount"
            or "destination.ip" or "destination.port" or "connection.sni"
            || (key.StartsWith("request.headers[", StringComparison.Ordinal) && key.EndsWith(']') && key.Length > "request.headers[]".Length);
        if (key.StartsWith("request.auth.", StringComparison.Ordinal))
        {
            bag.Error(path + ".key", $"\"{key}\" is not supported by Mesh: end-user JWT authentication is not implemented");
        }
        else if (!known)
        {
            bag.Error(path + ".key", $"unknown condition key \"{key}\"; use request.headers[NAME], source.ip, remote.ip, source.namespace, source.principal, destination.ip, destination.port or connection.sni");
        }

        if (condition.Values is not { Count: > 0 } && condition.NotValues is not { Count: > 0 })
        {
            bag.Error(path, "set values or notValues");
        }
    }
}
