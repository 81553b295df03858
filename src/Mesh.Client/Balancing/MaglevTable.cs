using System.Globalization;

namespace Mesh.Client.Balancing;

/// <summary>
/// A Maglev lookup table (Eisenbud et al., NSDI 2016), Istio's default for <c>consistentHash</c>: a prime number of
/// slots, each owned by one endpoint; a key's hash modulo the table size picks the slot.
/// </summary>
/// <remarks>
/// Each endpoint walks its own permutation of the slots (offset and skip from two hashes of its
/// <see cref="EndpointState.Key"/>) and the endpoints take turns claiming their next free slot, so with equal weights
/// every endpoint owns the table size divided by the endpoint count, give or take one slot. Weights are honoured as
/// in Envoy: an endpoint takes a turn only in the share of rounds its weight is of the largest weight. Endpoints
/// take turns in the order of their keys, so equal endpoint sets build equal tables whatever their list order.
/// </remarks>
internal sealed class MaglevTable : ConsistentHashTable
{
    /// <summary>Istio's default table size.</summary>
    public const int DefaultSize = 65537;

    /// <summary>The largest table size, as in Envoy.</summary>
    public const int MaxSize = 5000011;

    private readonly EndpointState[] _endpoints;
    private readonly int[] _slots;

    /// <summary>Builds the table.</summary>
    /// <exception cref="ArgumentException"><paramref name="size"/> is not a prime up to <see cref="MaxSize"/>.</exception>
    public MaglevTable(EndpointState[] endpoints, int size = DefaultSize)
    {
        EndpointArray.Validate(endpoints);
        if (size > MaxSize || !IsPrime(size))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The Maglev table size {size} must be a prime number no larger than {MaxSize} (e.g. {DefaultSize})."),
                nameof(size));
        }

        _endpoints = endpoints;
        _slots = Build(endpoints, size);
    }

    /// <summary>The number of slots.</summary>
    public int Size => _slots.Length;

    /// <summary>The endpoint that owns slot <paramref name="slot"/>.</summary>
    public EndpointState EndpointAt(int slot) => _endpoints[_slots[slot]];

    /// <inheritdoc />
    public override EndpointState Lookup(ulong hash, EndpointState? exclude)
    {
        var slots = _slots;
        var slot = (int)(hash % (ulong)slots.Length);
        var owner = _endpoints[slots[slot]];
        if (exclude is null || !ReferenceEquals(owner, exclude) || _endpoints.Length == 1)
        {
            return owner;
        }

        for (var step = 1; step < slots.Length; step++)
        {
            var next = slot + step;
            var candidate = _endpoints[slots[next >= slots.Length ? next - slots.Length : next]];
            if (!ReferenceEquals(candidate, exclude))
            {
                return candidate;
            }
        }

        return owner;
    }

    private static int[] Build(EndpointState[] endpoints, int size)
    {
        var order = EndpointArray.OrderByKey(endpoints);
        var count = endpoints.Length;
        var offset = new ulong[count];
        var skip = new ulong[count];
        var nextInPermutation = new ulong[count];
        var turnsOwed = new long[count];
        long maxWeight = 0;
        for (var i = 0; i < count; i++)
        {
            offset[i] = MeshHash.Hash(endpoints[i].Key, 0) % (ulong)size;
            skip[i] = MeshHash.Hash(endpoints[i].Key, 1) % (ulong)(size - 1) + 1;
            maxWeight = Math.Max(maxWeight, endpoints[i].Weight);
        }

        var slots = new int[size];
        Array.Fill(slots, -1);
        var filled = 0;
        for (long round = 0; filled < size; round++)
        {
            for (var j = 0; j < count && filled < size; j++)
            {
                var i = order[j];

                // An endpoint of weight w takes a turn in w / maxWeight of the rounds (Envoy's weighted Maglev).
                if (round * endpoints[i].Weight < turnsOwed[i])
                {
                    continue;
                }

                turnsOwed[i] += maxWeight;
                ulong slot;
                do
                {
                    slot = (offset[i] + nextInPermutation[i] * skip[i]) % (ulong)size;
                    nextInPermutation[i]++;
                }
                while (slots[slot] >= 0);

                slots[slot] = i;
                filled++;
            }
        }

        return slots;
    }

    private static bool IsPrime(int n)
    {
        if (n < 2)
        {
            return false;
        }

        for (var d = 2; (long)d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }
}
