using System.Globalization;
using Mesh.Policy.Resources.Security;

namespace Mesh.Client.Security;

/// <summary>
/// The PeerAuthentication mode in force for one workload, per port: what its inbound side accepts (STRICT:
/// mTLS only; PERMISSIVE: mTLS and plaintext on the same port; DISABLE: plaintext only). Resolved at snapshot
/// compile time by <see cref="PeerAuthenticationResolver"/>; immutable.
/// </summary>
internal sealed class PeerAuthenticationPolicy
{
    private readonly Dictionary<int, MutualTlsMode> _ports;

    public PeerAuthenticationPolicy(MutualTlsMode mode, Dictionary<int, MutualTlsMode>? ports = null)
    {
        Mode = mode;
        _ports = ports ?? [];
    }

    /// <summary>Istio's default when no policy says otherwise.</summary>
    public static PeerAuthenticationPolicy Permissive { get; } = new(MutualTlsMode.Permissive);

    /// <summary>The workload's mode (ports without a port-level setting).</summary>
    public MutualTlsMode Mode { get; }

    /// <summary>The mode on <paramref name="port"/> (never <see cref="MutualTlsMode.Unset"/>).</summary>
    public MutualTlsMode ModeFor(int port) => _ports.Count > 0 && _ports.TryGetValue(port, out var mode) ? mode : Mode;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = Mode.ToString().ToUpperInvariant();
        foreach (var (port, mode) in _ports)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {port}: {mode.ToString().ToUpperInvariant()}");
        }

        return text;
    }
}
