namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Where <c>MESH_*</c> variables are read: the process environment, unless a test registers its own source (the
/// process environment is shared by every test running at once).
/// </summary>
internal sealed class MeshEnvironmentSource(Func<string, string?> read)
{
    public Func<string, string?> Read { get; } = read;

    public static Func<string, string?> Of(IServiceProvider services) =>
        services.GetService<MeshEnvironmentSource>()?.Read ?? Environment.GetEnvironmentVariable;
}
