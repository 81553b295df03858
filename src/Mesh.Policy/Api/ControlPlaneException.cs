using System.Net;
using Mesh.Policy.Validation;

namespace Mesh.Policy.Api;

/// <summary>The control server refused a request, or could not be reached.</summary>
public sealed class ControlPlaneException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ControlPlaneException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<PolicyDiagnostic>? diagnostics = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Diagnostics = diagnostics ?? [];
    }

    /// <summary>Creates the exception.</summary>
    public ControlPlaneException()
        : this("the control server refused the request")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ControlPlaneException(string message)
        : this(message, null, null, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ControlPlaneException(string message, Exception inner)
        : this(message, null, null, inner)
    {
    }

    /// <summary>The HTTP status, or null when the server was not reached.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>How long the server asked the client to wait before it tries again (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Validation diagnostics, for invalid input.</summary>
    public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; }

    /// <summary>True when the server could not be reached at all.</summary>
    public bool IsUnreachable => StatusCode is null;
}
