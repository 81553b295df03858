namespace Mesh.Server.Registry;

/// <summary>
/// Bounds on one registration. A join token is handed to every workload, so what it sends must stay small: without
/// bounds, a few registrations carrying megabytes of labels exhausted the server's memory. Per-label rules (key and
/// value lengths) are Kubernetes' own and live with the WorkloadEntry validation that registrations share.
/// </summary>
internal static class RegistrationLimits
{
    /// <summary>The largest registration body, checked before it is parsed; generous for real instances (about 1 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The most labels a registration may carry, besides <c>app</c> and <c>version</c>.</summary>
    public const int MaxLabels = 64;

    /// <summary>The most named ports an instance may register.</summary>
    public const int MaxPorts = 16;
}
