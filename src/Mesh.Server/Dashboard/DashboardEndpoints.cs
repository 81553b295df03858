using System.Collections.Frozen;

namespace Mesh.Server.Dashboard;

/// <summary>
/// Serves the dashboard: one page at <c>/</c> and its script and styles under <c>/dashboard/</c>, from resources
/// embedded in the server assembly (no CDN, no files to deploy). The page only reads the topology and service
/// APIs, which carry their own access rule.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly FrozenDictionary<string, (string ContentType, byte[] Content)> Assets = Load();

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html"));
        app.MapGet("/dashboard/{file}", (HttpContext context, string file) => Serve(context, file));
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (!Assets.TryGetValue(file, out var asset))
        {
            return Results.NotFound();
        }

        // Small and changed only by an upgrade: revalidation is cheap, stale assets after an upgrade are not.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, (string, byte[])> Load()
    {
        const string prefix = "Mesh.Server.Dashboard.";
        var assembly = typeof(DashboardEndpoints).Assembly;
        var assets = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var file = name[prefix.Length..];
            var type = Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[file] = (type, buffer.ToArray());
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
