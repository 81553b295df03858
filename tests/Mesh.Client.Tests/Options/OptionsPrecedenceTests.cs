using Mesh.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mesh.Client.Tests.Options;

/// <summary>
/// Where <see cref="MeshOptions"/> come from, in a real ASP.NET Core host: appsettings, then environment
/// (<c>MESH_*</c>), then the command line, then the code's delegate, each over the one before, as .NET users expect.
/// The <c>MESH_*</c> variables come from a source the test registers: the process environment is shared by every test.
/// </summary>
public class OptionsPrecedenceTests
{
    [Fact]
    public void AddMeshWithDelegate_StillReadsConfigurationAndVariables_AndTheDelegateWins()
    {
        var options = Options(
            services => services.AddMesh(o => o.ServiceName = "shop"),
            environment: new() { ["MESH_CONTROL_PLANE"] = "http://127.0.0.1:15010", ["MESH_JOIN_TOKEN"] = "secret", ["MESH_SERVICE"] = "from-env" },
            appsettings: new() { ["Mesh:Version"] = "v2" });

        Assert.Equal("shop", options.ServiceName);
        Assert.Equal(["http://127.0.0.1:15010"], options.ControlPlane);
        Assert.Equal("secret", options.JoinToken);
        Assert.Equal("v2", options.Version);
    }

    [Fact]
    public void Variables_RankOverAppsettings_AndUnderTheCommandLine()
    {
        var options = Options(
            services => services.AddMesh(),
            environment: new() { ["MESH_SERVICE"] = "from-env", ["MESH_NAMESPACE"] = "env-ns", ["MESH_CONTROL_PLANE"] = "http://env:15010", ["MESH_JOIN_TOKEN"] = "secret" },
            appsettings: new() { ["Mesh:ServiceName"] = "from-appsettings", ["Mesh:Namespace"] = "appsettings-ns", ["Mesh:Locality"] = "eu/west" },
            args: ["--Mesh:ServiceName=from-cli", "--Mesh:ControlPlane:0=http://cli:15010"]);

        Assert.Equal("from-cli", options.ServiceName);
        Assert.Equal("env-ns", options.Namespace);
        Assert.Equal("eu/west", options.Locality);
        Assert.Equal(["http://cli:15010"], options.ControlPlane);
    }

    [Fact]
    public void AddMeshWithSection_ReadsTheVariablesToo()
    {
        var options = Options(
            services =>
            {
                var configuration = services.BuildServiceProvider().GetRequiredService<IConfiguration>();
                services.AddMesh(configuration.GetSection("Shop:Mesh"));
            },
            environment: new() { ["MESH_JOIN_TOKEN"] = "secret", ["MESH_VERSION"] = "v3", ["MESH_CONTROL_PLANE"] = "http://127.0.0.1:15010" },
            appsettings: new() { ["Shop:Mesh:ServiceName"] = "shop", ["Shop:Mesh:Version"] = "v1" });

        Assert.Equal("shop", options.ServiceName);
        Assert.Equal("secret", options.JoinToken);
        Assert.Equal("v3", options.Version);
    }

    [Fact]
    public async Task InvalidOptions_StopTheStartWithOneLineNamingEveryProblem()
    {
        // The host meets the options as it builds or as it starts, whichever needs them first: either way, the same one line.
        var error = await Assert.ThrowsAsync<MeshConfigurationException>(async () =>
        {
            await using var app = Build(services => services.AddMesh(), environment: new() { ["MESH_NAMESPACE"] = "Bad_Namespace" }, appsettings: [], args: []);
            await app.StartAsync();
        });

        Assert.DoesNotContain('\n', error.ToString());
        Assert.Contains("Mesh:ServiceName is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mesh:Namespace \"Bad_Namespace\" must be a DNS label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedVariable_IsAMeshConfigurationExceptionNamingIt()
    {
        var error = Assert.Throws<MeshConfigurationException>(() => Options(services => services.AddMesh(o => o.ServiceName = "shop"), environment: new() { ["MESH_ACCESS_LOG"] = "loud" }));

        Assert.Contains("MESH_ACCESS_LOG must be all, errors or off", error.Message, StringComparison.Ordinal);
    }

    private static MeshOptions Options(Action<IServiceCollection> addMesh, Dictionary<string, string?>? environment = null, Dictionary<string, string?>? appsettings = null, string[]? args = null)
    {
        var app = Build(addMesh, environment ?? [], appsettings ?? [], args ?? []);
        try
        {
            return app.Services.GetRequiredService<IOptions<MeshOptions>>().Value;
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

    private static WebApplication Build(Action<IServiceCollection> addMesh, Dictionary<string, string?> environment, Dictionary<string, string?> appsettings, string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        // Where appsettings.json would be: before the host's environment and command-line sources.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = appsettings });
        builder.Services.AddSingleton(new MeshEnvironmentSource(name => environment.GetValueOrDefault(name)));
        addMesh(builder.Services);
        return builder.Build();
    }
}
