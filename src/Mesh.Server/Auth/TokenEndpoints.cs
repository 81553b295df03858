using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Server.Hosting;
using Mesh.Server.Http;
using Mesh.Server.Identity;

namespace Mesh.Server.Auth;

/// <summary>Creating, listing and revoking join tokens bound to identities (admin token).</summary>
internal static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.Tokens, CreateAsync).RequireToken(TokenRole.Admin);
        app.MapGet(ApiRoutes.Tokens, (TokenStore tokens) => ApiResults.Ok(tokens.Bound.List())).RequireToken(TokenRole.Admin);
        app.MapDelete(ApiRoutes.Tokens + "/{id}", (string id, TokenStore tokens) =>
            tokens.Bound.Revoke(id)
                ? ApiResults.Ok(new { id })
                : ApiResults.Error(StatusCodes.Status404NotFound, $"there is no bound join token with id {id} (meshctl token list shows them)"))
            .RequireToken(TokenRole.Admin);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, TokenStore tokens, MeshServerOptions options, CancellationToken cancellationToken)
    {
        JoinTokenRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JoinTokenRequest>(request.Body, PolicySerializer.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the token request is not valid JSON (it needs \"namespace\" and \"serviceAccounts\"): " + ex.Message);
        }

        if (body is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the token request is empty");
        }

        var problems = new List<string>();
        if (!TrustDomains.IsName(body.Namespace))
        {
            problems.Add($"namespace \"{body.Namespace}\" must be a lower-case DNS name");
        }

        if (body.ServiceAccounts is not { Count: > 0 })
        {
            problems.Add("at least one service account is needed (or \"*\" for any in the namespace)");
        }
        else
        {
            foreach (var sa in body.ServiceAccounts)
            {
                if (sa != IdentityScope.AnyServiceAccount && !TrustDomains.IsName(sa))
                {
                    problems.Add($"service account \"{sa}\" must be a lower-case DNS name or \"*\"");
                }
            }
        }

        if (problems.Count > 0)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "invalid token request: " + string.Join("; ", problems));
        }

        var (token, info) = tokens.Bound.Create(body.Namespace, [.. body.ServiceAccounts!.Distinct(StringComparer.Ordinal)], options.TimeProvider.GetUtcNow());
        return ApiResults.Ok(new JoinTokenResponse(token, info));
    }
}
