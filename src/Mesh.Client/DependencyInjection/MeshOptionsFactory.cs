using Mesh.Client;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Builds <see cref="MeshOptions"/> as the default factory does, but reports invalid options as one
/// <see cref="MeshConfigurationException"/> naming every problem, so that a service that cannot start says what to
/// fix in one line instead of an <see cref="OptionsValidationException"/> and its stack.
/// </summary>
internal sealed class MeshOptionsFactory(
    IEnumerable<IConfigureOptions<MeshOptions>> setups,
    IEnumerable<IPostConfigureOptions<MeshOptions>> postConfigures,
    IEnumerable<IValidateOptions<MeshOptions>> validations) : IOptionsFactory<MeshOptions>
{
    private readonly OptionsFactory<MeshOptions> _inner = new(setups, postConfigures, validations);

    public MeshOptions Create(string name)
    {
        try
        {
            return _inner.Create(name);
        }
        catch (OptionsValidationException ex)
        {
            throw new MeshConfigurationException("the mesh cannot start: " + string.Join("; ", ex.Failures), ex);
        }
    }
}
