using System.Runtime.CompilerServices;

namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>
/// Compares tag sets so that a measurement finds its series without copying its tags: the dictionary is looked up
/// with the measurement's span (an alternate key) and a copy is made only for a new series. Strings compare by
/// reference, which is cheap and right for Mesh's cached label arrays; two equal strings that are different
/// objects make two series, which the exposition merges (it groups by the rendered labels).
/// </summary>
internal sealed class TagSetComparer :
    IEqualityComparer<KeyValuePair<string, object?>[]>,
    IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, KeyValuePair<string, object?>[]>
{
    public static readonly TagSetComparer Instance = new();

    public bool Equals(KeyValuePair<string, object?>[]? x, KeyValuePair<string, object?>[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Equals(x.AsSpan(), y));

    public int GetHashCode(KeyValuePair<string, object?>[] obj) => GetHashCode(obj.AsSpan());

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, KeyValuePair<string, object?>[] other)
    {
        if (alternate.Length != other.Length)
        {
            return false;
        }

        for (var i = 0; i < alternate.Length; i++)
        {
            if (!ReferenceEquals(alternate[i].Key, other[i].Key) || !ValueEquals(alternate[i].Value, other[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate)
    {
        var hash = new HashCode();
        foreach (var tag in alternate)
        {
            hash.Add(RuntimeHelpers.GetHashCode(tag.Key));
            hash.Add(tag.Value is string or null ? RuntimeHelpers.GetHashCode(tag.Value) : tag.Value.GetHashCode());
        }

        return hash.ToHashCode();
    }

    public KeyValuePair<string, object?>[] Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => alternate.ToArray();

    private static bool ValueEquals(object? x, object? y) =>
        ReferenceEquals(x, y) || (x is not (string or null) && x.Equals(y));
}
