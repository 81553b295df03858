namespace Mesh.Server.Http;

/// <summary>
/// Reads a request body within a limit of its own, refusing it (413) once it passes the limit and before anything
/// parses it: an endpoint whose input is small by nature (a registration) need not buffer as much as the server-wide
/// limit allows for an apply.
/// </summary>
internal static class BoundedBody
{
    /// <summary>The body's bytes, or a 413 result naming the limit.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The most bytes accepted.</param>
    /// <param name="what">What the body is, for the message (e.g. "a registration").</param>
    /// <param name="fix">What the sender can do about it (e.g. "send fewer or shorter labels").</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<(byte[] Body, IResult? Error)> ReadAsync(HttpRequest request, int limit, string what, string fix, CancellationToken cancellationToken)
    {
        var refusal = ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"{what} may be at most {limit / 1024} KiB; {fix}");
        if (request.ContentLength > limit)
        {
            return ([], refusal);
        }

        // Chunked bodies grow the buffer as they come, up to one byte past the limit: that byte means "too large".
        var buffer = new byte[Math.Min(limit + 1, (int?)request.ContentLength + 1 ?? 4096)];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return ([], refusal);
                    }

                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limit + 1));
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer[..length], null);
                }

                length += read;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ([], refusal);
        }
    }
}
