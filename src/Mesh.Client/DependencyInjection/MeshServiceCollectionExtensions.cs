using Mesh.Client;
using Mesh.Client.Balancing;
using Mesh.Client.Discovery;
using Mesh.Client.Identity;
using Mesh.Client.Inbound.Security;
using Mesh.Client.Registration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes a service a member of the mesh: <c>builder.Services.AddMesh()</c>.</summary>
public static class MeshServiceCollectionExtensions
{
    /// <summary>
    /// Adds the mesh with options from the <c>Mesh</c> configuration section, overridden by <c>MESH_*</c>
    /// environment variables (<c>MESH_SERVICE</c>, <c>MESH_NAMESPACE</c>, <c>MESH_SERVICE_ACCOUNT</c>,
    /// <c>MESH_VERSION</c>, <c>MESH_LOCALITY</c>, <c>MESH_CONTROL_PLANE</c>, <c>MESH_JOIN_TOKEN</c>,
    /// <c>MESH_POLICY_FILES</c>, <c>MESH_ADVERTISE_ADDRESS</c>, <c>MESH_REQUEST_CERTIFICATE</c>,
    /// <c>MESH_TRUST_DOMAIN</c>, <c>MESH_ROOT_NAMESPACE</c>, <c>MESH_TOPOLOGY_REPORT_INTERVAL</c>,
    /// <c>MESH_OUTBOUND_TRAFFIC_POLICY</c>, <c>MESH_ACCESS_LOG</c>, <c>MESH_TRACE_PROPAGATION</c>). Kestrel endpoints get the mesh's inbound
    /// mTLS (PeerAuthentication) once the workload has an identity.
    /// </summary>
    public static IServiceCollection AddMesh(this IServiceCollection services)
    {
        services.AddOptions<MeshOptions>()
            .BindConfiguration(MeshOptions.SectionName)
            .Configure(static o => MeshEnvironment.Apply(o, Environment.GetEnvironmentVariable));
        return services.AddMeshCore();
    }

    /// <summary>Adds the mesh with options bound from <paramref name="section"/>.</summary>
    public static IServiceCollection AddMesh(this IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<MeshOptions>().Bind(section);
        return services.AddMeshCore();
    }

    /// <summary>Adds the mesh with options set in code.</summary>
    public static IServiceCollection AddMesh(this IServiceCollection services, Action<MeshOptions> configure)
    {
        services.AddOptions<MeshOptions>().Configure(configure);
        return services.AddMeshCore();
    }

    private static IServiceCollection AddMeshCore(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MeshOptions>, MeshOptionsValidator>());
        services.AddOptions<MeshOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMeshRandom>(SharedMeshRandom.Instance);
        services.TryAddSingleton<MeshRuntime>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<KestrelServerOptions>, MeshKestrelSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, MeshKestrelCheck>());
        services.TryAddSingleton<Mesh.Client.Security.Authorization.InboundAuthorizer>();
        services.TryAddSingleton<Mesh.Client.Telemetry.Prometheus.MeshMetricsExporter>();
        if (!services.Any(d => d.ServiceType == typeof(MeshMarker)))
        {
            services.AddSingleton<MeshMarker>();
            services.AddHostedService<LocalPolicyFiles>();
            services.AddSingleton<IdentityAgent>();
            services.AddHostedService<ControlPlaneSync>();
            services.AddHostedService(static sp => sp.GetRequiredService<IdentityAgent>());
            services.AddSingleton<InstanceRegistrar>();
            services.AddHostedService(static sp => sp.GetRequiredService<InstanceRegistrar>());
            services.AddHostedService<Mesh.Client.Telemetry.Topology.TopologyReporter>();
        }

        return services;
    }
}

/// <summary>Marks that the mesh's services are registered (so AddMesh twice adds them once).</summary>
internal sealed class MeshMarker;
