namespace Mesh.Client.Http;

/// <summary>Builds and sends a mirrored copy of a request (Envoy's shadowing): authority suffixed <c>-shadow</c>.</summary>
internal static class MirrorCopy
{
    /// <summary>Bodies larger than this are not mirrored (the copy is skipped, never the caller delayed for it).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly TimeSpan MirrorTimeout = TimeSpan.FromSeconds(30);

    public static async Task<byte[]?> BufferAsync(HttpContent content)
    {
        if (content.Headers.ContentLength is > MaxBodyBytes)
        {
            return null;
        }

        if (content is not (ByteArrayContent or ReadOnlyMemoryContent))
        {
            // Reading a stream would consume the caller's body: buffer it in the content itself, within the limit.
            try
            {
                await content.LoadIntoBufferAsync(MaxBodyBytes).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        return await content.ReadAsByteArrayAsync().ConfigureAwait(false);
    }

    public static HttpRequestMessage Create(HttpRequestMessage original, Uri originalUri, byte[]? body)
    {
        var copy = new HttpRequestMessage(original.Method, originalUri) { Version = original.Version, VersionPolicy = original.VersionPolicy };
        foreach (var header in original.Headers.NonValidated)
        {
            if (!string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in header.Value)
                {
                    copy.Headers.TryAddWithoutValidation(header.Key, value);
                }
            }
        }

        var authority = original.Headers.Host ?? originalUri.Authority;
        var colon = authority.LastIndexOf(':');
        copy.Headers.Host = colon > 0 && authority.IndexOf(':', StringComparison.Ordinal) == colon
            ? authority[..colon] + "-shadow" + authority[colon..]
            : authority + "-shadow";
        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in original.Content!.Headers.NonValidated)
            {
                foreach (var value in header.Value)
                {
                    copy.Content.Headers.TryAddWithoutValidation(header.Key, value);
                }
            }
        }

        return copy;
    }

    public static async Task SendAsync(HttpMessageInvoker transport, HttpRequestMessage copy)
    {
        // Off the caller's path entirely: its own timeout, its own token, every outcome discarded.
        await Task.Yield();
        using var timeout = new CancellationTokenSource(MirrorTimeout);
        try
        {
            using var response = await transport.SendAsync(copy, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a mirror must never fail the caller or crash the process, whatever it meets
        catch (Exception)
#pragma warning restore CA1031
        {
            // Discarded, as Envoy discards shadow failures.
        }
        finally
        {
            copy.Dispose();
        }
    }
}
