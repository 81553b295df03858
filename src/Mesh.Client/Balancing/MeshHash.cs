namespace Mesh.Client.Balancing;

/// <summary>
/// The deterministic 64-bit hash behind consistent hashing: FNV-1a over the UTF-16 code units of the text (low byte,
/// then high byte, on every platform), finished with MurmurHash3's <c>fmix64</c> so that every output bit depends on
/// every input bit. The result depends on nothing but the input (no per-process seed, unlike
/// <see cref="string.GetHashCode()"/>), so every client process maps a key to the same endpoint.
/// </summary>
/// <remarks>
/// Envoy hashes with xxHash64 over UTF-8 bytes, so a fleet that mixes Envoy sidecars and Mesh clients will not agree
/// on which endpoint a key belongs to; Mesh clients always agree with each other.
/// </remarks>
internal static class MeshHash
{
    /// <summary>The FNV-1a 64-bit offset basis: the state before any input.</summary>
    public const ulong Start = 14695981039346656037UL;

    private const ulong Prime = 1099511628211UL;

    /// <summary>Hashes <paramref name="text"/>.</summary>
    public static ulong Hash(ReadOnlySpan<char> text) => Finish(Append(Start, text));

    /// <summary>Hashes <paramref name="text"/> under <paramref name="seed"/>, giving independent hashes of one text.</summary>
    public static ulong Hash(ReadOnlySpan<char> text, ulong seed) => Finish(Append(Append(Start, seed), text));

    /// <summary>Feeds <paramref name="text"/> into an unfinished state.</summary>
    public static ulong Append(ulong state, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            state = (state ^ (byte)c) * Prime;
            state = (state ^ (byte)(c >> 8)) * Prime;
        }

        return state;
    }

    /// <summary>Feeds the eight bytes of <paramref name="value"/>, least significant first, into an unfinished state.</summary>
    public static ulong Append(ulong state, ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            state = (state ^ (byte)value) * Prime;
            value >>= 8;
        }

        return state;
    }

    /// <summary>Finishes a state: MurmurHash3's <c>fmix64</c> avalanche.</summary>
    public static ulong Finish(ulong state)
    {
        state ^= state >> 33;
        state *= 0xff51afd7ed558ccdUL;
        state ^= state >> 33;
        state *= 0xc4ceb9fe1a85ec53UL;
        state ^= state >> 33;
        return state;
    }
}
