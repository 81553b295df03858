using System.Text.Json.Nodes;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Server.Auth;
using Mesh.Server.Http;
using Mesh.Server.Storage;

namespace Mesh.Server.Resources;

/// <summary>apply, delete, get and list over HTTP.</summary>
internal static class ResourceEndpoints
{
    public static void MapResourceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.Apply, ApplyAsync).RequireToken(TokenRole.Admin);
        app.MapPost(ApiRoutes.Delete, DeleteManyAsync).RequireToken(TokenRole.Admin);
        app.MapGet(ApiRoutes.Resources, List).RequireToken(TokenRole.Join);
        app.MapGet(ApiRoutes.Resources + "/{kind}/{namespace}/{name}", Get).RequireToken(TokenRole.Join);
        app.MapDelete(ApiRoutes.Resources + "/{kind}/{namespace}/{name}", DeleteOneAsync).RequireToken(TokenRole.Admin);
    }

    private static async Task<IResult> ApplyAsync(HttpRequest request, ResourceService service, CancellationToken cancellationToken)
    {
        if (ApiResults.RequirePolicyContentType(request) is { } unsupported)
        {
            return unsupported;
        }

        if (!ApiResults.TryFlag(request, "dryRun", out var dryRun, out var badFlag))
        {
            return badFlag!;
        }

        var (text, tooLarge) = await ApiResults.ReadTextAsync(request, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var outcome = await service.ApplyAsync(text!, dryRun, request.Query["namespace"].FirstOrDefault(), cancellationToken);
        request.HttpContext.RequestServices.GetService<Metrics.ServerMetrics>()?.Applied(
            outcome.Response is { DryRun: true } ? "dry_run" : outcome.Response is not null ? "applied" : outcome.Status == StatusCodes.Status409Conflict ? "conflict" : "rejected");
        return outcome.Response is not null
            ? ApiResults.Ok(outcome.Response)
            : ApiResults.Error(outcome.Status, outcome.Message!, outcome.Errors);
    }

    private static async Task<IResult> DeleteManyAsync(HttpRequest request, ResourceService service, CancellationToken cancellationToken)
    {
        if (ApiResults.RequirePolicyContentType(request) is { } unsupported)
        {
            return unsupported;
        }

        if (!ApiResults.TryFlag(request, "dryRun", out var dryRun, out var badFlag))
        {
            return badFlag!;
        }

        var (text, tooLarge) = await ApiResults.ReadTextAsync(request, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var parsed = ResourceService.ParseKeys(text!, request.Query["namespace"].FirstOrDefault(), out var keys);
        if (parsed.Message is not null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, parsed.Message, parsed.Errors);
        }

        var outcome = await service.DeleteAsync(keys, dryRun, cancellationToken);
        return ApiResults.Ok(outcome.Response);
    }

    private static async Task<IResult> DeleteOneAsync(string kind, string @namespace, string name, ResourceService service, IResourceStore store, CancellationToken cancellationToken)
    {
        if (ResourceKinds.Find(kind) is not { } resourceKind)
        {
            return UnknownKind(kind);
        }

        var key = new ResourceKey(resourceKind.Kind, @namespace, name);
        if (store.Get(key) is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"{key} not found");
        }

        var outcome = await service.DeleteAsync([key], dryRun: false, cancellationToken);
        return ApiResults.Ok(outcome.Response);
    }

    private static IResult List(HttpRequest request, IResourceStore store)
    {
        string? kindName = null;
        if (request.Query["kind"].FirstOrDefault() is { Length: > 0 } kind)
        {
            if (ResourceKinds.Find(kind) is not { } resourceKind)
            {
                return UnknownKind(kind);
            }

            kindName = resourceKind.Kind;
        }

        var (revision, items) = store.List(kindName, request.Query["namespace"].FirstOrDefault() is { Length: > 0 } ns ? ns : null);
        var json = new List<JsonObject>(items.Count);
        foreach (var item in items)
        {
            json.Add(item.Json);
        }

        return ApiResults.Ok(new ResourceListResponse(revision, json));
    }

    private static IResult Get(string kind, string @namespace, string name, IResourceStore store)
    {
        if (ResourceKinds.Find(kind) is not { } resourceKind)
        {
            return UnknownKind(kind);
        }

        var key = new ResourceKey(resourceKind.Kind, @namespace, name);
        return store.Get(key) is { } stored
            ? ApiResults.Ok(stored.Json)
            : ApiResults.Error(StatusCodes.Status404NotFound, $"{key} not found");
    }

    private static IResult UnknownKind(string kind) =>
        ApiResults.Error(StatusCodes.Status404NotFound, $"unknown kind \"{kind}\"; known kinds: {ResourceKinds.SupportedKindList}");
}
