using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Server.Auth;
using Mesh.Server.Http;

namespace Mesh.Server.Registry;

/// <summary>
/// register, heartbeat and deregister over HTTP (join token). A join token bound to identities registers, renews and
/// removes only instances of those identities; the admin token and the default join token act on any.
/// </summary>
internal static partial class RegistryEndpoints
{
    public static void MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.Instances, RegisterAsync).RequireToken(TokenRole.Join);
        app.MapPut(ApiRoutes.Instances + "/{id}/heartbeat", Heartbeat).RequireToken(TokenRole.Join);
        app.MapDelete(ApiRoutes.Instances + "/{id}", DeregisterAsync).RequireToken(TokenRole.Join);
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, InstanceRegistry registry, ILogger<InstanceRegistry> logger, CancellationToken cancellationToken)
    {
        var (body, tooLarge) = await BoundedBody.ReadAsync(context.Request, RegistrationLimits.MaxBodyBytes, "a registration", "send fewer or shorter labels", cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        InstanceRegistration? registration;
        try
        {
            registration = JsonSerializer.Deserialize<InstanceRegistration>(body, PolicySerializer.Options);
        }
        catch (JsonException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the registration is not valid JSON: " + ex.Message);
        }

        if (registration is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the registration is empty");
        }

        var serviceAccount = registration.ServiceAccount ?? registration.Service;
        if (TokenAuthFilter.GrantOf(context).Scope is { } scope && !scope.Allows(registration.Namespace, serviceAccount))
        {
            LogRefused(logger, "register", $"{registration.Namespace}/{serviceAccount}", scope.Describe());
            return ApiResults.Error(StatusCodes.Status403Forbidden,
                $"this join token may not register an instance as namespace {registration.Namespace}, service account {serviceAccount}: it is bound to {scope.Describe()}. " +
                "Register with an identity it allows (serviceAccount defaults to the service name), or create a token for this one (meshctl token create)");
        }

        var problems = RegistrationValidator.Validate(registration);
        if (problems.Count > 0)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "invalid registration: " + string.Join("; ", problems.Select(p => p.Path + ": " + p.Message)), problems);
        }

        return ApiResults.Ok(await registry.RegisterAsync(registration, cancellationToken));
    }

    private static IResult Heartbeat(string id, HttpContext context, InstanceRegistry registry, ILogger<InstanceRegistry> logger)
    {
        if (Refuse(id, "heartbeat", context, registry, logger) is { } refused)
        {
            return refused;
        }

        return registry.Heartbeat(id)
            ? ApiResults.Ok(new { instanceId = id })
            : ApiResults.Error(StatusCodes.Status404NotFound, $"instance {id} is not registered (its lease expired or it deregistered); register again");
    }

    private static async Task<IResult> DeregisterAsync(string id, HttpContext context, InstanceRegistry registry, ILogger<InstanceRegistry> logger, CancellationToken cancellationToken)
    {
        if (Refuse(id, "deregister", context, registry, logger) is { } refused)
        {
            return refused;
        }

        return await registry.DeregisterAsync(id, cancellationToken)
            ? ApiResults.Ok(new { instanceId = id })
            : ApiResults.Error(StatusCodes.Status404NotFound, $"instance {id} is not registered");
    }

    /// <summary>A 403 when the token is bound to identities that do not include the instance's; else null.</summary>
    private static IResult? Refuse(string id, string action, HttpContext context, InstanceRegistry registry, ILogger logger)
    {
        if (TokenAuthFilter.GrantOf(context).Scope is not { } scope || registry.IdentityOf(id) is not { } identity || scope.Allows(identity.Namespace, identity.ServiceAccount))
        {
            return null;
        }

        LogRefused(logger, action, $"{identity.Namespace}/{identity.ServiceAccount}", scope.Describe());
        return ApiResults.Error(StatusCodes.Status403Forbidden,
            $"this join token may not {action} instance {id}: it runs as namespace {identity.Namespace}, service account {identity.ServiceAccount}, and the token is bound to {scope.Describe()}. " +
            "Only a token for that identity, the default join token or the admin token may");
    }

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Refused to {Action} an instance of {Identity}: the token is bound to {Scope}")]
    private static partial void LogRefused(ILogger logger, string action, string identity, string scope);
}
