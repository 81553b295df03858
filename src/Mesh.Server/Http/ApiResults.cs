using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Policy.Validation;

namespace Mesh.Server.Http;

/// <summary>JSON results in the API's one format (<see cref="PolicySerializer.Options"/>), and its error shape.</summary>
internal static class ApiResults
{
    public static IResult Ok<T>(T value) => Results.Json(value, PolicySerializer.Options);

    public static IResult Error(int status, string message, IReadOnlyList<PolicyDiagnostic>? diagnostics = null) =>
        Results.Json(new ErrorResponse(message, diagnostics), PolicySerializer.Options, statusCode: status);

    /// <summary>Reads the body as text, within the server's size limit; or an error result when it is too large.</summary>
    public static async Task<(string? Text, IResult? Error)> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(request.Body);
            return (await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Error(StatusCodes.Status413PayloadTooLarge, "the request body is larger than the server accepts; split the input into several applies"));
        }
    }

    /// <summary>
    /// Reads the body, refusing it (413) once it passes <paramref name="limit"/> bytes, before anything parses it: an
    /// endpoint whose input is small by nature need not buffer as much as the server-wide limit allows.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The most bytes accepted.</param>
    /// <param name="what">What the body is, for the message (e.g. "a registration").</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<(byte[] Body, IResult? Error)> ReadBoundedAsync(HttpRequest request, int limit, string what, CancellationToken cancellationToken)
    {
        var refusal = Error(StatusCodes.Status413PayloadTooLarge, $"{what} may be at most {limit / 1024} KiB; send fewer or shorter labels");
        if (request.ContentLength > limit)
        {
            return ([], refusal);
        }

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

    public static bool Flag(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) && (value.ToString() is "" or "true" or "1");
}
