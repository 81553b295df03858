using Mesh.Policy.Api;
using Microsoft.Net.Http.Headers;
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
    /// Reads a boolean query flag: absent is false; present with no value, <c>true</c>, <c>1</c> or kubectl's
    /// <c>All</c> is true; <c>false</c> or <c>0</c> is false (case-insensitive). Anything else is an error result,
    /// never a silent false: <c>?dryRun=yes</c> must not perform a real apply.
    /// </summary>
    public static bool TryFlag(HttpRequest request, string name, out bool value, out IResult? error)
    {
        error = null;
        value = false;
        if (!request.Query.TryGetValue(name, out var values))
        {
            return true;
        }

        var text = values.Count == 1 ? values[0] ?? "" : null;
        if (text is "" || IsAny(text, "true", "1", "All"))
        {
            value = true;
            return true;
        }

        if (IsAny(text, "false", "0"))
        {
            return true;
        }

        error = Error(StatusCodes.Status400BadRequest, $"?{name}={values} is not understood: use ?{name}=true or ?{name}=false (or leave it out)");
        return false;
    }

    /// <summary>
    /// Policy bodies are YAML or JSON in UTF-8: a request that declares another type (a form, XML) or another
    /// charset is refused with 415 rather than guessed at. No Content-Type at all is read as YAML.
    /// </summary>
    public static IResult? RequirePolicyContentType(HttpRequest request)
    {
        var declared = request.ContentType;
        if (string.IsNullOrEmpty(declared))
        {
            return null;
        }

        if (!MediaTypeHeaderValue.TryParse(declared, out var type) || type.MediaType.Value is not { } media)
        {
            return UnsupportedType(declared);
        }

        var charset = type.Charset.Value;
        var known = PolicyMediaTypes.Contains(media) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+yaml", StringComparison.OrdinalIgnoreCase);
        var utf8 = string.IsNullOrEmpty(charset) || IsAny(charset.Trim('"'), "utf-8", "utf8");
        return known && utf8 ? null : UnsupportedType(declared);
    }

    private static readonly HashSet<string> PolicyMediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json", "text/json",
    };

    private static IResult UnsupportedType(string declared) =>
        Error(StatusCodes.Status415UnsupportedMediaType,
            $"Content-Type \"{declared}\" is not accepted: send YAML or JSON in UTF-8 with Content-Type: application/yaml or application/json (with curl: -H 'Content-Type: application/yaml' --data-binary @FILE)");

    private static bool IsAny(string? text, params ReadOnlySpan<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (string.Equals(text, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
