namespace Mesh.Client.Identity;

/// <summary>
/// The process's current <see cref="WorkloadCertificate"/>, swapped atomically when it is issued or renewed or
/// when the trust bundle changes. Readers (the outbound transport, Kestrel's certificate selector, the inbound
/// middleware) read <see cref="Current"/> once per connection; null means the workload has no identity (no CA
/// reachable, or mTLS not in use), and mesh traffic is plaintext.
/// </summary>
internal sealed class WorkloadIdentity
{
    private WorkloadCertificate? _current;

    /// <summary>The material in force, or null.</summary>
    public WorkloadCertificate? Current => Volatile.Read(ref _current);

    /// <summary>Raised after <see cref="Current"/> changes.</summary>
    public event Action<WorkloadCertificate?>? Changed;

    /// <summary>Publishes new material (an issue, a renewal or a new trust bundle).</summary>
    public void Publish(WorkloadCertificate? certificate)
    {
        Volatile.Write(ref _current, certificate);
        Changed?.Invoke(certificate);
    }
}
