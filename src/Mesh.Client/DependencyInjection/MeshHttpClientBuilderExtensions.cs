using Mesh.Client;
using Mesh.Client.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Meshes HttpClients: one (<c>services.AddHttpClient("x").AddMesh()</c>) or all (<c>services.ConfigureHttpClientDefaults(b => b.AddMesh())</c>).</summary>
public static class MeshHttpClientBuilderExtensions
{
    /// <summary>
    /// Sends this client's requests to mesh services through the mesh (routing, balancing, retries, ...). Other
    /// hosts pass through unchanged. Add it last: handlers added after it do not see mesh traffic.
    /// </summary>
    public static IHttpClientBuilder AddMesh(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler(static services =>
        {
            var runtime = services.GetService<MeshRuntime>()
                ?? throw new InvalidOperationException("HttpClient.AddMesh() needs the mesh itself: call builder.Services.AddMesh(...) first.");
            return new MeshHandler(runtime);
        });
}
