using Mesh.Policy.Api;

namespace Mesh.Server.Topology;

/// <summary>
/// One edge's sliding window: a ring of time slots (by the server's clock, at report arrival) holding request,
/// error and latency-bucket counts; slots older than the window are reused. Reports arrive a few per second at
/// most, so a lock per edge is cheap here.
/// </summary>
internal sealed class EdgeWindow(TimeProvider time, TopologyWindowOptions options)
{
    private readonly Lock _lock = new();
    private readonly Slot[] _slots = CreateSlots((int)Math.Ceiling(options.Window / options.Bucket));
    private readonly long _slotTicks = (long)(options.Bucket.TotalSeconds * time.TimestampFrequency);

    /// <summary>The start of the traffic the window holds (timestamp), or null when it holds none.</summary>
    private long? _since;

    public void Add(long requests, long errors, IReadOnlyList<long> buckets, double intervalSeconds)
    {
        var now = time.GetTimestamp();
        var number = now / _slotTicks;
        lock (_lock)
        {
            if (_since is null || IsEmpty(number))
            {
                // The delta covers the interval before it arrived: count that time, so the first rate is not inflated.
                _since = now - (long)(Math.Clamp(intervalSeconds, 0, options.Window.TotalSeconds) * time.TimestampFrequency);
            }

            var slot = _slots[number % _slots.Length];
            if (slot.Number != number)
            {
                slot.Reset(number);
            }

            slot.Requests += requests;
            slot.Errors += errors;
            for (var i = 0; i < buckets.Count && i < slot.Buckets.Length; i++)
            {
                slot.Buckets[i] += buckets[i];
            }
        }
    }

    /// <summary>The window's totals now, or null when it holds no traffic any more.</summary>
    public EdgeStats? Read()
    {
        var now = time.GetTimestamp();
        var number = now / _slotTicks;
        lock (_lock)
        {
            long requests = 0;
            long errors = 0;
            var buckets = new long[TopologyBuckets.Count];
            foreach (var slot in _slots)
            {
                if (!IsLive(slot, number))
                {
                    continue;
                }

                requests += slot.Requests;
                errors += slot.Errors;
                for (var i = 0; i < buckets.Length; i++)
                {
                    buckets[i] += slot.Buckets[i];
                }
            }

            if (requests == 0 || _since is not { } since)
            {
                return null;
            }

            var seconds = Math.Min(options.Window.TotalSeconds, Math.Max(1, (now - since) / (double)time.TimestampFrequency));
            return new EdgeStats(requests, errors, buckets, seconds);
        }
    }

    private bool IsEmpty(long number)
    {
        foreach (var slot in _slots)
        {
            if (IsLive(slot, number) && slot.Requests > 0)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsLive(Slot slot, long number) => slot.Number > number - _slots.Length && slot.Number <= number;

    private static Slot[] CreateSlots(int count)
    {
        var slots = new Slot[Math.Max(1, count)];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = new Slot();
        }

        return slots;
    }

    private sealed class Slot
    {
        public long Number { get; private set; } = long.MinValue;

        public long Requests { get; set; }

        public long Errors { get; set; }

        public long[] Buckets { get; } = new long[TopologyBuckets.Count];

        public void Reset(long number)
        {
            Number = number;
            Requests = 0;
            Errors = 0;
            Array.Clear(Buckets);
        }
    }
}
