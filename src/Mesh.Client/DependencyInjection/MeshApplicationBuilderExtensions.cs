using Mesh.Client.Inbound;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The inbound side of the mesh: <c>app.UseMesh()</c>.</summary>
public static class MeshApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the mesh's inbound middleware (a <see cref="MeshRequestContext"/> per request; authentication,
    /// authorization and telemetry hang on it). Put it early, before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseMesh(this IApplicationBuilder app) => app.UseMiddleware<MeshMiddleware>();
}
