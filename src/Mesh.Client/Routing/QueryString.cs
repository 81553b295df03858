namespace Mesh.Client.Routing;

/// <summary>Reads one parameter from a raw query string without allocating (values are compared undecoded, as Envoy does).</summary>
internal static class QueryString
{
    public static bool TryGetValue(ReadOnlySpan<char> query, string name, out ReadOnlySpan<char> value)
    {
        if (!query.IsEmpty && query[0] == '?')
        {
            query = query[1..];
        }

        while (!query.IsEmpty)
        {
            var amp = query.IndexOf('&');
            var pair = amp < 0 ? query : query[..amp];
            query = amp < 0 ? [] : query[(amp + 1)..];
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            if (key.SequenceEqual(name))
            {
                value = eq < 0 ? [] : pair[(eq + 1)..];
                return true;
            }
        }

        value = default;
        return false;
    }
}
