using System.Globalization;
using System.Numerics;

namespace Mesh.Client.Balancing;

/// <summary>
/// A hash ring (Ketama-style): every endpoint is placed at many points of a 64-bit ring and a key belongs to the
/// first point at or after its hash, wrapping around.
/// </summary>
/// <remarks>
/// Every endpoint gets the same number of points per unit of weight: the smallest power of two that brings the ring
/// to at least the minimum size (so under twice the minimum, unless weights alone exceed it). A plain
/// <c>minimumSize / endpointCount</c> would change with every join or leave and move keys between endpoints that
/// stayed; the power of two changes rarely. When that would exceed twice <see cref="MaxMinimumSize"/> points (very
/// large weights), endpoint <c>i</c> gets <c>ceil(minimumSize * weight_i / totalWeight)</c> points instead. A point's
/// hash depends only on the endpoint's <see cref="EndpointState.Key"/> and the point's number, and ties sort by key,
/// so equal endpoint sets build equal rings whatever their list order.
/// </remarks>
internal sealed class RingHashTable : ConsistentHashTable
{
    /// <summary>Istio's default minimum ring size.</summary>
    public const int DefaultMinimumSize = 1024;

    /// <summary>The largest minimum ring size, Envoy's default maximum ring size.</summary>
    public const int MaxMinimumSize = 8 * 1024 * 1024;

    /// <summary>The ring size above which points are no longer rounded up per unit of weight.</summary>
    private const long MaxSize = 2L * MaxMinimumSize;

    private readonly EndpointState[] _endpoints;
    private readonly ulong[] _hashes;
    private readonly int[] _owners;

    /// <summary>Builds the ring.</summary>
    /// <exception cref="ArgumentException"><paramref name="minimumSize"/> is not between 1 and <see cref="MaxMinimumSize"/>.</exception>
    public RingHashTable(EndpointState[] endpoints, int minimumSize = DefaultMinimumSize)
    {
        EndpointArray.Validate(endpoints);
        if (minimumSize is < 1 or > MaxMinimumSize)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The minimum ring size {minimumSize} must be between 1 and {MaxMinimumSize}."),
                nameof(minimumSize));
        }

        _endpoints = endpoints;
        (_hashes, _owners) = Build(endpoints, minimumSize);
    }

    /// <summary>The number of points on the ring.</summary>
    public int Size => _hashes.Length;

    /// <inheritdoc />
    public override EndpointState Lookup(ulong hash, EndpointState? exclude)
    {
        var hashes = _hashes;
        var point = Array.BinarySearch(hashes, hash);
        if (point < 0)
        {
            point = ~point;
        }

        if (point == hashes.Length)
        {
            point = 0;
        }

        var owner = _endpoints[_owners[point]];
        if (exclude is null || !ReferenceEquals(owner, exclude) || _endpoints.Length == 1)
        {
            return owner;
        }

        for (var step = 1; step < hashes.Length; step++)
        {
            var next = point + step;
            var candidate = _endpoints[_owners[next >= hashes.Length ? next - hashes.Length : next]];
            if (!ReferenceEquals(candidate, exclude))
            {
                return candidate;
            }
        }

        return owner;
    }

    private static (ulong[] Hashes, int[] Owners) Build(EndpointState[] endpoints, int minimumSize)
    {
        long totalWeight = 0;
        foreach (var endpoint in endpoints)
        {
            totalWeight += endpoint.Weight;
        }

        // Points per unit of weight, rounded up to a power of two so that it rarely changes as endpoints come and go:
        // otherwise every join or leave would also move keys between the endpoints that stay.
        var perUnit = (long)BitOperations.RoundUpToPowerOf2((ulong)((minimumSize + totalWeight - 1) / totalWeight));
        var counts = new long[endpoints.Length];
        long size = 0;
        for (var i = 0; i < endpoints.Length; i++)
        {
            counts[i] = perUnit * totalWeight <= MaxSize
                ? perUnit * endpoints[i].Weight
                : (minimumSize * (long)endpoints[i].Weight + totalWeight - 1) / totalWeight;
            size += counts[i];
        }

        var points = new (ulong Hash, int Owner)[size];
        var next = 0;
        for (var i = 0; i < endpoints.Length; i++)
        {
            var keyState = MeshHash.Append(MeshHash.Start, endpoints[i].Key);
            for (long n = 0; n < counts[i]; n++)
            {
                points[next++] = (MeshHash.Finish(MeshHash.Append(keyState, (ulong)n)), i);
            }
        }

        Array.Sort(points, (a, b) => a.Hash != b.Hash
            ? a.Hash.CompareTo(b.Hash)
            : string.CompareOrdinal(endpoints[a.Owner].Key, endpoints[b.Owner].Key) is var byKey and not 0 ? byKey : a.Owner.CompareTo(b.Owner));

        var hashes = new ulong[size];
        var owners = new int[size];
        for (var p = 0; p < points.Length; p++)
        {
            (hashes[p], owners[p]) = points[p];
        }

        return (hashes, owners);
    }
}
