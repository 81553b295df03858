using Mesh.Client.Security;

namespace Mesh.Client.Routing;

/// <summary>
/// Everything the outbound path needs, compiled from policy and endpoints: services by every host form a caller
/// may use. Immutable; replaced as a whole on each change and read once per request without a lock.
/// </summary>
internal sealed class MeshSnapshot
{
    private readonly Dictionary<string, CompiledService> _byHost;
    private readonly Dictionary<string, CompiledService>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private readonly string[] _admittedSuffixes;

    public MeshSnapshot(long revision, Dictionary<string, CompiledService> byHost, IReadOnlyList<SubsetTarget> targets, string[]? admittedSuffixes = null)
    {
        _admittedSuffixes = admittedSuffixes ?? [];
        Revision = revision;
        _byHost = byHost;
        _lookup = byHost.GetAlternateLookup<ReadOnlySpan<char>>();
        Targets = targets;
    }

    public static MeshSnapshot Empty { get; } = new(0, new Dictionary<string, CompiledService>(StringComparer.OrdinalIgnoreCase), []);

    /// <summary>This workload's PeerAuthentication (what its inbound side accepts), per port.</summary>
    public PeerAuthenticationPolicy PeerAuthentication { get; init; } = PeerAuthenticationPolicy.Permissive;

    /// <summary>The policy revision this snapshot reflects.</summary>
    public long Revision { get; }

    /// <summary>Every target (service or subset) in the snapshot.</summary>
    public IReadOnlyList<SubsetTarget> Targets { get; }

    /// <summary>All host keys, for diagnostics.</summary>
    public IEnumerable<string> Hosts => _byHost.Keys;

    /// <summary>
    /// True when a wildcard ServiceEntry (<c>*.example.com</c>, or <c>*</c>) admits <paramref name="host"/> under
    /// REGISTRY_ONLY; such hosts pass through, as Istio passes them to their original destination.
    /// </summary>
    public bool IsAdmitted(string host)
    {
        foreach (var suffix in _admittedSuffixes)
        {
            if (suffix.Length == 0 || host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The mesh service a request host names, if any.</summary>
    public bool TryResolve(string host, out CompiledService service) =>
        _lookup.TryGetValue(host.AsSpan(), out service!);
}
