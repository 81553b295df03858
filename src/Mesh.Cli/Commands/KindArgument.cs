using Mesh.Policy.Resources;

namespace Mesh.Cli.Commands;

/// <summary>Reads the KIND argument of <c>get</c> and <c>delete</c>: a kind, its plural or its short name, any case.</summary>
internal static class KindArgument
{
    /// <summary>The word that <c>get</c> accepts for every kind at once.</summary>
    public const string All = "all";

    /// <summary>The kind <paramref name="text"/> names.</summary>
    /// <param name="text">What the user typed.</param>
    /// <param name="allAllowed">Mention <c>all</c> in the hint (for <c>get</c>).</param>
    /// <exception cref="CliException">No such kind (a usage error), with the list of kinds as the hint.</exception>
    public static ResourceKind Resolve(string text, bool allAllowed = false)
    {
        if (ResourceKinds.Find(text) is { } kind)
        {
            return kind;
        }

        // "Gateway" and friends are real Istio kinds: say why Mesh has none rather than "unknown".
        foreach (var spelling in (string[])[text, Singular(text), Capitalized(Singular(text))])
        {
            if (ResourceKinds.UnsupportedReason(spelling) is { } reason)
            {
                throw CliException.Usage($"{spelling} is not supported by Mesh: {reason}");
            }
        }

        throw CliException.Usage($"unknown kind \"{text}\"; use one of: {Known()}{(allAllowed ? $", or {All}" : "")}");
    }

    /// <summary>Every kind as <c>plural (short)</c>, for hints.</summary>
    public static string Known() =>
        string.Join(", ", ResourceKinds.All.Select(k => k.ShortNames.Count > 0 ? $"{k.Plural} ({string.Join("/", k.ShortNames)})" : k.Plural));

    // UnsupportedReason expects the kind as written in YAML (Gateway); users type gateway or gateways.
    private static string Singular(string text) => text.Length > 1 && text.EndsWith('s') ? text[..^1] : text;

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
