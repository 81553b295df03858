namespace Mesh.Client.Routing;

/// <summary>
/// Everything the outbound path needs, compiled from policy and endpoints: services by every host form a caller
/// may use. Immutable; replaced as a whole on each change and read once per request without a lock.
/// </summary>
internal sealed class MeshSnapshot
{
    private readonly Dictionary<string, CompiledService> _byHost;
    private readonly Dictionary<string, CompiledService>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public MeshSnapshot(long revision, Dictionary<string, CompiledService> byHost, IReadOnlyList<SubsetTarget> targets)
    {
        Revision = revision;
        _byHost = byHost;
        _lookup = byHost.GetAlternateLookup<ReadOnlySpan<char>>();
        Targets = targets;
    }

    public static MeshSnapshot Empty { get; } = new(0, new Dictionary<string, CompiledService>(StringComparer.OrdinalIgnoreCase), []);

    /// <summary>The policy revision this snapshot reflects.</summary>
    public long Revision { get; }

    /// <summary>Every target (service or subset) in the snapshot.</summary>
    public IReadOnlyList<SubsetTarget> Targets { get; }

    /// <summary>All host keys, for diagnostics.</summary>
    public IEnumerable<string> Hosts => _byHost.Keys;

    /// <summary>The mesh service a request host names, if any.</summary>
    public bool TryResolve(string host, out CompiledService service) =>
        _lookup.TryGetValue(host.AsSpan(), out service!);
}
