using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Validation.ValidationRules;

namespace Mesh.Policy.Validation;

/// <summary>Validates a VirtualService spec as Istio does, for the parts Mesh implements.</summary>
internal static class VirtualServiceValidator
{
    private static readonly HashSet<string> GrpcStatusNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    public static void Validate(VirtualServiceSpec spec, DiagnosticBag bag)
    {
        for (var i = 0; i < (spec.Hosts?.Count ?? 0); i++)
        {
            Host(bag, Index("spec.hosts", i), spec.Hosts![i], allowWildcard: true);
        }

        Gateways(bag, "spec.gateways", spec.Gateways);

        if (spec.Http is null || spec.Http.Count == 0)
        {
            bag.Error("spec.http", "a VirtualService needs at least one HTTP route");
            return;
        }

        for (var i = 0; i < spec.Http.Count; i++)
        {
            Route(spec.Http[i], Index("spec.http", i), bag);
        }
    }

    private static void Gateways(DiagnosticBag bag, string path, List<string>? gateways)
    {
        for (var i = 0; i < (gateways?.Count ?? 0); i++)
        {
            if (gateways![i] != "mesh")
            {
                bag.Error(Index(path, i), $"gateway \"{gateways[i]}\" is not supported: Mesh has no gateways (only \"mesh\" is accepted)");
            }
        }
    }

    private static void Route(HttpRoute route, string path, DiagnosticBag bag)
    {
        for (var j = 0; j < (route.Match?.Count ?? 0); j++)
        {
            Match(route.Match![j], Index(path + ".match", j), bag);
        }

        if (route.Route is null || route.Route.Count == 0)
        {
            bag.Error(path + ".route", "required field is missing: a route needs at least one destination");
        }
        else
        {
            Weights(route.Route, path + ".route", bag);
        }

        if (route.Retries is { } retries)
        {
            Retries(retries, path + ".retries", bag);
            if (route.Timeout is { } timeout && retries.PerTryTimeout is { } perTry && timeout.Value > TimeSpan.Zero && perTry.Value > timeout.Value)
            {
                bag.Warning(path + ".retries.perTryTimeout", $"{perTry} is longer than the route timeout {timeout}; the route timeout wins");
            }
        }

        if (route.Fault is { } fault)
        {
            Fault(fault, path + ".fault", bag);
        }

        if (route.Mirror is not null)
        {
            Destination(route.Mirror, path + ".mirror", bag);
            if (route.Mirrors is { Count: > 0 })
            {
                bag.Error(path + ".mirrors", "use either mirror (with mirrorPercentage) or mirrors, not both");
            }
        }
        else if (route.MirrorPercentage is not null)
        {
            bag.Error(path + ".mirrorPercentage", "has no effect without mirror");
        }

        Percent(bag, path + ".mirrorPercentage", route.MirrorPercentage);
        for (var j = 0; j < (route.Mirrors?.Count ?? 0); j++)
        {
            var mirrorPath = Index(path + ".mirrors", j);
            if (route.Mirrors![j].Destination is { } d)
            {
                Destination(d, mirrorPath + ".destination", bag);
            }

            Percent(bag, mirrorPath + ".percentage", route.Mirrors[j].Percentage);
        }

        if (route.Rewrite is { } rewrite)
        {
            if (rewrite.Uri is not null && rewrite.UriRegexRewrite is not null)
            {
                bag.Error(path + ".rewrite", "use either uri or uriRegexRewrite, not both");
            }

            Regex(bag, path + ".rewrite.uriRegexRewrite.match", rewrite.UriRegexRewrite?.Match);
            if (rewrite.Uri is { Length: > 0 } uri && uri[0] != '/')
            {
                bag.Error(path + ".rewrite.uri", $"\"{uri}\" must start with '/'");
            }
        }

        HeaderOps(route.Headers, path + ".headers", bag);
    }

    private static void Match(HttpMatchRequest match, string path, DiagnosticBag bag)
    {
        StringMatch(match.Uri, path + ".uri", bag, allowEmpty: false);
        StringMatch(match.Scheme, path + ".scheme", bag, allowEmpty: false);
        StringMatch(match.Method, path + ".method", bag, allowEmpty: false);
        StringMatch(match.Authority, path + ".authority", bag, allowEmpty: false);
        HeaderMatches(match.Headers, path + ".headers", bag);
        HeaderMatches(match.WithoutHeaders, path + ".withoutHeaders", bag);
        if (match.QueryParams is not null)
        {
            foreach (var (name, value) in match.QueryParams)
            {
                StringMatch(value, path + ".queryParams." + name, bag, allowEmpty: true);
            }
        }

        Port(bag, path + ".port", match.Port);
        Labels(bag, path + ".sourceLabels", match.SourceLabels);
        Gateways(bag, path + ".gateways", match.Gateways);
        if (match.SourceNamespace is { } ns && !DnsNames.IsLabel(ns))
        {
            bag.Error(path + ".sourceNamespace", $"\"{ns}\" is not a valid namespace");
        }
    }

    private static void HeaderMatches(Dictionary<string, Resources.StringMatch>? headers, string path, DiagnosticBag bag)
    {
        if (headers is null)
        {
            return;
        }

        foreach (var (name, value) in headers)
        {
            HeaderName(bag, path + "." + name, name);
            if (name.Any(char.IsAsciiLetterUpper))
            {
                bag.Error(path + "." + name, $"header names must be lower case (write \"{name.ToLowerInvariant()}\")");
            }

            StringMatch(value, path + "." + name, bag, allowEmpty: true);
        }
    }

    internal static void StringMatch(Resources.StringMatch? match, string path, DiagnosticBag bag, bool allowEmpty)
    {
        if (match is null)
        {
            return;
        }

        var count = (match.Exact is null ? 0 : 1) + (match.Prefix is null ? 0 : 1) + (match.Regex is null ? 0 : 1);
        if (count > 1)
        {
            bag.Error(path, "set only one of exact, prefix or regex");
        }
        else if (count == 0 && !allowEmpty)
        {
            bag.Error(path, "set one of exact, prefix or regex");
        }

        Regex(bag, path + ".regex", match.Regex);
    }

    private static void Weights(List<HttpRouteDestination> destinations, string path, DiagnosticBag bag)
    {
        var sum = 0;
        for (var i = 0; i < destinations.Count; i++)
        {
            var d = destinations[i];
            var itemPath = Index(path, i);
            if (d.Destination is not null)
            {
                Destination(d.Destination, itemPath + ".destination", bag);
            }

            Range(bag, itemPath + ".weight", d.Weight, 0, 100);
            sum += d.Weight ?? 0;
            HeaderOps(d.Headers, itemPath + ".headers", bag);
        }

        if (destinations.Count == 1)
        {
            if (destinations[0].Weight is { } w && w != 100)
            {
                bag.Error(Index(path, 0) + ".weight", $"a single destination receives all traffic: leave weight out or write 100, not {w}");
            }
        }
        else if (sum != 100)
        {
            bag.Error(path, $"the weights of a route must sum to 100, but they sum to {sum}");
        }
    }

    internal static void Destination(Resources.Networking.Destination destination, string path, DiagnosticBag bag)
    {
        if (destination.Host is not null)
        {
            Host(bag, path + ".host", destination.Host, allowWildcard: false);
        }

        if (destination.Subset is { } subset && !DnsNames.IsSubdomain(subset) && !IsLabelLike(subset))
        {
            bag.Error(path + ".subset", $"\"{subset}\" is not a valid subset name");
        }

        if (destination.Port is { } port)
        {
            Port(bag, path + ".port.number", port.Number);
        }
    }

    private static bool IsLabelLike(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    private static void Retries(HttpRetry retries, string path, DiagnosticBag bag)
    {
        NonNegative(bag, path + ".attempts", retries.Attempts);
        if (retries.Conditions is null)
        {
            return;
        }

        foreach (var problem in retries.Conditions.Problems)
        {
            bag.Error(path + ".retryOn", problem);
        }
    }

    private static void Fault(HttpFaultInjection fault, string path, DiagnosticBag bag)
    {
        if (fault.Delay is null && fault.Abort is null)
        {
            bag.Error(path, "set delay, abort or both");
        }

        if (fault.Delay is { } delay)
        {
            Percent(bag, path + ".delay.percentage", delay.Percentage);
        }

        if (fault.Abort is { } abort)
        {
            if (abort.HttpStatus is null && abort.GrpcStatus is null)
            {
                bag.Error(path + ".abort", "set httpStatus (or grpcStatus)");
            }
            else if (abort.HttpStatus is not null && abort.GrpcStatus is not null)
            {
                bag.Error(path + ".abort", "set only one of httpStatus or grpcStatus");
            }

            Range(bag, path + ".abort.httpStatus", abort.HttpStatus, 200, 599);
            if (abort.GrpcStatus is { } grpc && !GrpcStatusNames.Contains(grpc))
            {
                bag.Error(path + ".abort.grpcStatus", $"unknown gRPC status \"{grpc}\"; use a name such as UNAVAILABLE");
            }

            Percent(bag, path + ".abort.percentage", abort.Percentage);
        }
    }

    internal static void HeaderOps(Headers? headers, string path, DiagnosticBag bag)
    {
        HeaderOps(headers?.Request, path + ".request", bag);
        HeaderOps(headers?.Response, path + ".response", bag);
    }

    private static void HeaderOps(HeaderOperations? ops, string path, DiagnosticBag bag)
    {
        if (ops is null)
        {
            return;
        }

        foreach (var name in ops.Set?.Keys ?? Enumerable.Empty<string>())
        {
            HeaderName(bag, path + ".set." + name, name);
        }

        foreach (var name in ops.Add?.Keys ?? Enumerable.Empty<string>())
        {
            HeaderName(bag, path + ".add." + name, name);
        }

        for (var i = 0; i < (ops.Remove?.Count ?? 0); i++)
        {
            HeaderName(bag, Index(path + ".remove", i), ops.Remove![i]);
        }
    }
}
