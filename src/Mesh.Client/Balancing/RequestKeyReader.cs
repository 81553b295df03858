namespace Mesh.Client.Balancing;

/// <summary>Allocation-free readers for hash keys embedded in request text: cookies and query parameters.</summary>
internal static class RequestKeyReader
{
    /// <summary>
    /// Finds cookie <paramref name="name"/> (case-sensitive) in one <c>Cookie</c> header value
    /// (<c>a=1; b="2"</c>). Surrounding double quotes are removed from the value, as Envoy does.
    /// </summary>
    public static bool TryGetCookie(ReadOnlySpan<char> header, string name, out ReadOnlySpan<char> value)
    {
        while (!header.IsEmpty)
        {
            var separator = header.IndexOf(';');
            var pair = separator < 0 ? header : header[..separator];
            header = separator < 0 ? default : header[(separator + 1)..];

            var equals = pair.IndexOf('=');
            if (equals >= 0 && pair[..equals].Trim().SequenceEqual(name))
            {
                value = pair[(equals + 1)..].Trim();
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }

                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Finds the first query parameter <paramref name="name"/> (case-sensitive, compared and returned as sent, without
    /// percent-decoding) in <paramref name="uri"/>. A parameter without <c>=</c> has an empty value.
    /// </summary>
    public static bool TryGetQueryParameter(Uri? uri, string name, out ReadOnlySpan<char> value)
    {
        var query = Query(uri);
        while (!query.IsEmpty)
        {
            var separator = query.IndexOf('&');
            var pair = separator < 0 ? query : query[..separator];
            query = separator < 0 ? default : query[(separator + 1)..];

            var equals = pair.IndexOf('=');
            if ((equals < 0 ? pair : pair[..equals]).SequenceEqual(name))
            {
                value = equals < 0 ? default : pair[(equals + 1)..];
                return true;
            }
        }

        value = default;
        return false;
    }

    private static ReadOnlySpan<char> Query(Uri? uri)
    {
        if (uri is null)
        {
            return default;
        }

        // Uri.Query caches its result; a relative URI has no Query, so its original text is cut by hand.
        ReadOnlySpan<char> query;
        if (uri.IsAbsoluteUri)
        {
            query = uri.Query;
        }
        else
        {
            query = uri.OriginalString;
            var start = query.IndexOf('?');
            query = start < 0 ? default : query[start..];
            var fragment = query.IndexOf('#');
            query = fragment < 0 ? query : query[..fragment];
        }

        return query.IsEmpty || query[0] != '?' ? query : query[1..];
    }
}
