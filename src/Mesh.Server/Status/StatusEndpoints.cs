using System.Reflection;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Server.Auth;
using Mesh.Server.Hosting;
using Mesh.Server.Http;
using Mesh.Server.Registry;
using Mesh.Server.Storage;

namespace Mesh.Server.Status;

/// <summary>Health (no token) and the status summary for <c>meshctl status</c>.</summary>
internal static class StatusEndpoints
{
    private static readonly string Version =
        typeof(StatusEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static void MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ApiRoutes.Health, (IResourceStore store) => Results.Text($"ok revision={store.Revision}\n"));
        app.MapGet(ApiRoutes.Status, Status).RequireToken(TokenRole.Join);
    }

    private static IResult Status(IResourceStore store, InstanceRegistry registry, ServerClock clock)
    {
        var (revision, items) = store.List(null, null);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var services = new SortedDictionary<(string Namespace, string Name), (int Instances, SortedSet<string> Versions)>();
        foreach (var item in items)
        {
            counts[item.Key.Kind] = counts.GetValueOrDefault(item.Key.Kind) + 1;
            if (item.Resource is Policy.Resources.Networking.WorkloadEntry we && we.Spec.Labels?.GetValueOrDefault("app") is { } app)
            {
                var key = (item.Key.Namespace, app);
                var entry = services.GetValueOrDefault(key, (Instances: 0, Versions: new SortedSet<string>(StringComparer.Ordinal)));
                if (we.Spec.Labels.GetValueOrDefault("version") is { } version)
                {
                    entry.Versions.Add(version);
                }

                services[key] = (entry.Instances + 1, entry.Versions);
            }
        }

        var summaries = services.Select(s => new ServiceSummary(s.Key.Name, s.Key.Namespace, s.Value.Instances, s.Value.Versions.ToList())).ToList();
        return ApiResults.Ok(new StatusResponse(Version, revision, clock.StartedAt, store.Name, counts, summaries, registry.Count));
    }
}

/// <summary>When this server process started.</summary>
internal sealed class ServerClock(MeshServerOptions options)
{
    public DateTimeOffset StartedAt { get; } = options.TimeProvider.GetUtcNow();
}
