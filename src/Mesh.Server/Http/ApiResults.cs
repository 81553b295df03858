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

    public static bool Flag(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) && (value.ToString() is "" or "true" or "1");
}
