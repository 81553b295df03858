using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Server.Auth;
using Mesh.Server.Http;

namespace Mesh.Server.Registry;

/// <summary>register, heartbeat and deregister over HTTP (join token).</summary>
internal static class RegistryEndpoints
{
    public static void MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.Instances, RegisterAsync).RequireToken(TokenRole.Join);
        app.MapPut(ApiRoutes.Instances + "/{id}/heartbeat", Heartbeat).RequireToken(TokenRole.Join);
        app.MapDelete(ApiRoutes.Instances + "/{id}", DeregisterAsync).RequireToken(TokenRole.Join);
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, InstanceRegistry registry, CancellationToken cancellationToken)
    {
        InstanceRegistration? registration;
        try
        {
            registration = await JsonSerializer.DeserializeAsync<InstanceRegistration>(request.Body, PolicySerializer.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the registration is not valid JSON: " + ex.Message);
        }

        if (registration is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the registration is empty");
        }

        var problems = RegistrationValidator.Validate(registration);
        if (problems.Count > 0)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "invalid registration: " + string.Join("; ", problems));
        }

        return ApiResults.Ok(await registry.RegisterAsync(registration, cancellationToken));
    }

    private static IResult Heartbeat(string id, InstanceRegistry registry) =>
        registry.Heartbeat(id)
            ? ApiResults.Ok(new { instanceId = id })
            : ApiResults.Error(StatusCodes.Status404NotFound, $"instance {id} is not registered (its lease expired or it deregistered); register again");

    private static async Task<IResult> DeregisterAsync(string id, InstanceRegistry registry, CancellationToken cancellationToken) =>
        await registry.DeregisterAsync(id, cancellationToken)
            ? ApiResults.Ok(new { instanceId = id })
            : ApiResults.Error(StatusCodes.Status404NotFound, $"instance {id} is not registered");
}
