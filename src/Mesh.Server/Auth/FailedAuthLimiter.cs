using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Mesh.Server.Hosting;

namespace Mesh.Server.Auth;

/// <summary>
/// Limits failed token attempts per client address with a token bucket: an address may fail
/// <see cref="MeshServerOptions.AuthFailureBurst"/> times in a row and earns one more attempt every
/// <see cref="MeshServerOptions.AuthFailureRefill"/>; once it has none left its requests are refused (429) without
/// the token being checked, so guessing gets no answer at all. Addresses that never failed cost one lookup.
/// </summary>
/// <remarks>
/// IPv6 addresses count by /64, the block one host usually holds. At most
/// <see cref="MeshServerOptions.AuthFailureTrackedAddresses"/> addresses are tracked; when that many are failing at
/// once, further addresses are not limited (they still get 401) rather than refused, so that a spray from very many
/// addresses cannot lock out clients that hold the right token. Time comes from the options' TimeProvider.
/// Thread-safe.
/// </remarks>
internal sealed partial class FailedAuthLimiter(MeshServerOptions options, ILogger<FailedAuthLimiter> logger)
{
    private readonly ConcurrentDictionary<AddressKey, Bucket> _buckets = new();
    private readonly Lock _addLock = new();
    private readonly TimeProvider _time = options.TimeProvider;
    private readonly double _burst = options.AuthFailureBurst;
    private readonly double _refillSeconds = options.AuthFailureRefill.TotalSeconds;
    private long _lastSweep = long.MinValue;

    /// <summary>The addresses tracked now (each has failed recently).</summary>
    public int TrackedAddresses => _buckets.Count;

    /// <summary>How long <paramref name="address"/> must wait before its token is checked again; null when it may try now.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        if (!_buckets.TryGetValue(AddressKey.Of(address), out var bucket))
        {
            return null;
        }

        var available = bucket.Available(_time.GetTimestamp(), this);
        return available >= 1 ? null : TimeSpan.FromSeconds((1 - available) * _refillSeconds);
    }

    /// <summary>Records a failed attempt from <paramref name="address"/>.</summary>
    public void Failed(IPAddress? address)
    {
        var key = AddressKey.Of(address);
        var now = _time.GetTimestamp();
        if (!_buckets.TryGetValue(key, out var bucket) && !TryTrack(key, now, out bucket))
        {
            return;
        }

        if (bucket.Take(now, this))
        {
            LogThrottled(logger, address?.ToString() ?? "(unknown)", options.AuthFailureBurst, options.AuthFailureRefill);
        }
    }

    private bool TryTrack(AddressKey key, long now, out Bucket bucket)
    {
        lock (_addLock)
        {
            if (_buckets.TryGetValue(key, out bucket!))
            {
                return true;
            }

            if (_buckets.Count >= options.AuthFailureTrackedAddresses && !Sweep(now))
            {
                return false;
            }

            bucket = new Bucket(_burst, now);
            _buckets[key] = bucket;
            return true;
        }
    }

    // Forgets addresses whose allowance is whole again (the same as never seen); at most once per refill, so a full
    // table under attack does not cost a scan per request. True when there is room afterwards.
    private bool Sweep(long now)
    {
        if (_lastSweep != long.MinValue && _time.GetElapsedTime(_lastSweep, now).TotalSeconds < _refillSeconds)
        {
            return false;
        }

        _lastSweep = now;
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.Available(now, this) >= _burst)
            {
                _buckets.TryRemove(key, out _);
            }
        }

        if (_buckets.Count < options.AuthFailureTrackedAddresses)
        {
            return true;
        }

        LogTableFull(logger, options.AuthFailureTrackedAddresses);
        return false;
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "{Address} failed {Burst} token checks; its requests are refused (429) without checking the token, one more attempt allowed every {Refill}")]
    private static partial void LogThrottled(ILogger logger, string address, int burst, TimeSpan refill);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "{Count} client addresses are failing token checks at once; failed attempts from further addresses are not limited until some recover")]
    private static partial void LogTableFull(ILogger logger, int count);

    /// <summary>An IPv4 address, or the /64 of an IPv6 address.</summary>
    private readonly record struct AddressKey(bool V6, ulong Bits)
    {
        public static AddressKey Of(IPAddress? address)
        {
            if (address is null)
            {
                return new AddressKey(false, ulong.MaxValue);
            }

            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out var written);
            if (address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return new AddressKey(false, BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]));
            }

            // ::ffff:a.b.c.d (a dual-stack listener) is the IPv4 client a.b.c.d; read in place, no new IPAddress per request.
            return address.IsIPv4MappedToIPv6
                ? new AddressKey(false, BinaryPrimitives.ReadUInt32BigEndian(bytes[12..16]))
                : new AddressKey(true, BinaryPrimitives.ReadUInt64BigEndian(bytes));
        }
    }

    /// <summary>One address's remaining attempts as of a timestamp.</summary>
    private sealed class Bucket(double tokens, long stamp)
    {
        private readonly Lock _lock = new();
        private double _tokens = tokens;
        private long _stamp = stamp;

        public double Available(long now, FailedAuthLimiter owner)
        {
            lock (_lock)
            {
                return Refill(now, owner);
            }
        }

        /// <summary>Spends one attempt; true when that was the last one (the address is refused from now on).</summary>
        public bool Take(long now, FailedAuthLimiter owner)
        {
            lock (_lock)
            {
                var before = Refill(now, owner);
                _tokens = Math.Max(0, before - 1);
                return before >= 1 && _tokens < 1;
            }
        }

        private double Refill(long now, FailedAuthLimiter owner)
        {
            var elapsed = owner._time.GetElapsedTime(_stamp, now).TotalSeconds;
            if (elapsed > 0)
            {
                _tokens = Math.Min(owner._burst, _tokens + (elapsed / owner._refillSeconds));
                _stamp = now;
            }

            return _tokens;
        }
    }
}
