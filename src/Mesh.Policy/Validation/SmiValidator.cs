using Mesh.Policy.Resources.Smi;
using static Mesh.Policy.Validation.ValidationRules;

namespace Mesh.Policy.Validation;

/// <summary>Validates the SMI kinds.</summary>
internal static class SmiValidator
{
    private static readonly HashSet<string> Methods = ["*", "GET", "HEAD", "PUT", "POST", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    public static void Validate(TrafficSplit split, DiagnosticBag bag)
    {
        var spec = split.Spec;
        var total = 0L;
        for (var i = 0; i < (spec.Backends?.Count ?? 0); i++)
        {
            var backend = spec.Backends![i];
            var path = Index("spec.backends", i);
            NonNegative(bag, path + ".weight", backend.Weight);
            total += Math.Max(0, backend.Weight);
            if (backend.Service is not null && spec.Service is not null && SameService(backend.Service, spec.Service))
            {
                bag.Error(path + ".service", $"a backend may not be the root service \"{spec.Service}\" itself (SMI forbids self-referential splits)");
            }
        }

        if (spec.Backends is { Count: > 0 } && total == 0)
        {
            bag.Error("spec.backends", "at least one backend needs a weight above zero");
        }

        for (var i = 0; i < (spec.Matches?.Count ?? 0); i++)
        {
            if (spec.Matches![i].Kind is { } kind && kind != "HTTPRouteGroup")
            {
                bag.Error(Index("spec.matches", i) + ".kind", $"\"{kind}\": only HTTPRouteGroup matches are supported");
            }
        }
    }

    private static bool SameService(string a, string b)
    {
        // "foobar" and "foobar.ns" name the same service when the short names agree and no namespace differs.
        var pa = a.Split('.');
        var pb = b.Split('.');
        return pa[0] == pb[0] && (pa.Length == 1 || pb.Length == 1 || pa[1] == pb[1]);
    }

    public static void Validate(TrafficTargetSpec spec, DiagnosticBag bag)
    {
        Identity(spec.Destination, "spec.destination", bag);
        for (var i = 0; i < (spec.Sources?.Count ?? 0); i++)
        {
            Identity(spec.Sources![i], Index("spec.sources", i), bag);
        }

        for (var i = 0; i < (spec.Rules?.Count ?? 0); i++)
        {
            var rule = spec.Rules![i];
            if (rule.Kind is { } kind && kind is not ("HTTPRouteGroup" or "TCPRoute"))
            {
                bag.Error(Index("spec.rules", i) + ".kind", kind == "UDPRoute"
                    ? "UDPRoute is not supported by Mesh (HTTP traffic only)"
                    : $"\"{kind}\": rules refer to an HTTPRouteGroup or a TCPRoute");
            }

            if (rule.Kind == "TCPRoute" && rule.Matches is { Count: > 0 })
            {
                bag.Error(Index("spec.rules", i) + ".matches", "a TCPRoute rule has no named matches");
            }
        }
    }

    private static void Identity(IdentityBinding? identity, string path, DiagnosticBag bag)
    {
        if (identity?.Kind is { } kind && kind != "ServiceAccount")
        {
            bag.Error(path + ".kind", $"\"{kind}\": identities are ServiceAccounts");
        }

        Port(bag, path + ".port", identity?.Port);
    }

    public static void Validate(HttpRouteGroupSpec spec, DiagnosticBag bag)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (spec.Matches?.Count ?? 0); i++)
        {
            var match = spec.Matches![i];
            var path = Index("spec.matches", i);
            if (match.Name is { } name && !names.Add(name))
            {
                bag.Error(path + ".name", $"match \"{name}\" is defined more than once");
            }

            Regex(bag, path + ".pathRegex", match.PathRegex);
            for (var j = 0; j < (match.Methods?.Count ?? 0); j++)
            {
                if (!Methods.Contains(match.Methods![j]))
                {
                    bag.Error(Index(path + ".methods", j), $"\"{match.Methods[j]}\" is not an HTTP method (or \"*\")");
                }
            }

            foreach (var (header, pattern) in match.Headers ?? [])
            {
                HeaderName(bag, path + ".headers." + header, header);
                Regex(bag, path + ".headers." + header, pattern);
            }
        }
    }

    public static void Validate(TcpRouteSpec spec, DiagnosticBag bag)
    {
        for (var i = 0; i < (spec.Matches?.Ports?.Count ?? 0); i++)
        {
            Port(bag, Index("spec.matches.ports", i), spec.Matches!.Ports![i]);
        }
    }
}
