using Mesh.Client.Identity;

namespace Mesh.Client.Security;

/// <summary>
/// The TLS material of the workload's current identity. Read once per connection (outbound connect, inbound
/// handshake), so a renewal reaches every new connection while connections already open finish undisturbed.
/// </summary>
internal sealed class WorkloadTls(WorkloadIdentity identity)
{
    private WorkloadTlsMaterial? _material;

    public WorkloadIdentity Identity { get; } = identity;

    /// <summary>The material for <see cref="WorkloadIdentity.Current"/>, or null when the workload has no identity.</summary>
    public WorkloadTlsMaterial? Current
    {
        get
        {
            var certificate = Identity.Current;
            if (certificate is null)
            {
                return null;
            }

            var material = Volatile.Read(ref _material);
            if (ReferenceEquals(material?.Certificate, certificate))
            {
                return material;
            }

            // A new certificate: prepare it once. Two connections racing here both build it; either result is right.
            material = new WorkloadTlsMaterial(certificate);
            Volatile.Write(ref _material, material);
            return material;
        }
    }
}
