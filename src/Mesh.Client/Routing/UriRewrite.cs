using System.Text.RegularExpressions;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Routing;

/// <summary>A compiled <c>rewrite</c>: a new path (or prefix), a regex rewrite, and/or a new authority.</summary>
internal sealed class UriRewrite
{
    private readonly string? _uri;
    private readonly Regex? _regex;
    private readonly string? _replacement;

    public UriRewrite(HttpRewrite rewrite)
    {
        _uri = rewrite.Uri;
        Authority = string.IsNullOrEmpty(rewrite.Authority) ? null : rewrite.Authority;
        if (rewrite.UriRegexRewrite is { Match: { } pattern } regexRewrite)
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

            // Istio writes capture groups as \1; .NET wants $1.
            _replacement = Regex.Replace(regexRewrite.Rewrite ?? "", @"\\(\d)", "$$$1");
        }
    }

    /// <summary>The new authority (Host header), or null to keep the caller's.</summary>
    public string? Authority { get; }

    /// <summary>True when the path changes.</summary>
    public bool RewritesPath => _uri is not null || _regex is not null;

    /// <summary>The new path and query for a request whose path matched <paramref name="matched"/>.</summary>
    public string Apply(Uri uri, RequestMatcher? matched)
    {
        var path = uri.AbsolutePath;
        string newPath;
        if (_regex is not null)
        {
            newPath = _regex.Replace(path, _replacement!);
        }
        else if (matched?.Uri is { IsPrefix: true } prefix && path.StartsWith(prefix.Value, StringComparison.Ordinal))
        {
            // A prefix match rewrites only the matched prefix, as Envoy's prefix_rewrite.
            newPath = _uri + path[prefix.Value.Length..];
        }
        else
        {
            newPath = _uri!;
        }

        return newPath + uri.Query;
    }
}
