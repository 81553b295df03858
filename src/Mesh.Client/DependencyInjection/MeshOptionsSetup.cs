using Mesh.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Fills <see cref="MeshOptions"/> in ASP.NET Core's order: the configuration section (appsettings, environment,
/// command line, as the host layered them), then the <c>MESH_*</c> variables for every option the command line did
/// not set. Registered before the code's own delegate of <c>AddMesh(o =&gt; ...)</c>, which therefore wins.
/// </summary>
internal sealed class MeshOptionsSetup(IConfiguration? configuration, IConfigurationSection? section, Func<string, string?> environment)
    : IConfigureOptions<MeshOptions>
{
    public void Configure(MeshOptions options)
    {
        var bound = section ?? configuration?.GetSection(MeshOptions.SectionName);
        bound?.Bind(options);
        MeshEnvironment.Apply(options, environment, option => bound is not null && CommandLineSets(bound.Path + ConfigurationPath.KeyDelimiter + option));
    }

    /// <summary>True when a command-line source of the host's configuration sets <paramref name="key"/> or something under it.</summary>
    private bool CommandLineSets(string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return false;
        }

        foreach (var provider in root.Providers)
        {
            if (provider is CommandLineConfigurationProvider
                && (provider.TryGet(key, out _) || provider.GetChildKeys([], key).Any()))
            {
                return true;
            }
        }

        return false;
    }
}
