using System.Text.RegularExpressions;
using Mesh.Policy.Resources.Smi;

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// One SMI HTTPRouteGroup match as an operation: <c>pathRegex</c> must match the whole path, the method must be one
/// of <c>methods</c> (<c>*</c>: any), and each header's value must match its regular expression in whole (Envoy's
/// full-match semantics, as SMI implementations apply them). Regular expressions are compiled here, once.
/// </summary>
internal sealed class HttpRouteMatchPredicate : RequestPredicate
{
    // Generous, as for route matching: a busy machine must not turn a slow match into a denial. A match that still runs
    // past it fails closed (the route does not match, so the request is not allowed by it).
    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(1);

    private readonly Regex? _path;
    private readonly string[]? _methods;
    private readonly (string Name, Regex Value)[] _headers;

    public HttpRouteMatchPredicate(HttpMatch match)
    {
        _path = match.PathRegex is { Length: > 0 } path ? Compile(path) : null;
        _methods = match.Methods is { Count: > 0 } methods && !methods.Contains("*") ? [.. methods] : null;
        var headers = new List<(string, Regex)>();
        foreach (var (name, pattern) in match.Headers ?? [])
        {
            headers.Add((name, Compile(pattern)));
        }

        _headers = [.. headers];
    }

    public override bool Matches(in AuthorizationRequest request)
    {
        if (_methods is not null && Array.IndexOf(_methods, request.Method) < 0)
        {
            return false;
        }

        if (_path is not null && !IsMatch(_path, request.Path))
        {
            return false;
        }

        foreach (var (name, value) in _headers)
        {
            if (request.Header(name) is not { } actual || !IsMatch(value, actual))
            {
                return false;
            }
        }

        return true;
    }

    private static Regex Compile(string pattern)
    {
        var regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexBudget);
        _ = regex.IsMatch(""); // warm it here, not on the first request
        return regex;
    }

    private static bool IsMatch(Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
