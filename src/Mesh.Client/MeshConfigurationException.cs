namespace Mesh.Client;

/// <summary>
/// The mesh's configuration cannot be used (a missing service name, a malformed <c>MESH_*</c> variable): thrown as
/// the host starts, with every problem and what to fix in <see cref="Exception.Message"/>.
/// </summary>
/// <remarks>
/// Its <see cref="ToString"/> is the message alone: the stack of a configuration error says nothing the message
/// does not, and an unhandled one then prints as one line the operator can act on.
/// </remarks>
public sealed class MeshConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception with the problems in <paramref name="message"/>.</summary>
    public MeshConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the problems in <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public MeshConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public MeshConfigurationException()
        : base("the mesh's configuration cannot be used")
    {
    }

    /// <summary>The type's short name and the message, on one line.</summary>
    public override string ToString() => nameof(MeshConfigurationException) + ": " + Message;
}
