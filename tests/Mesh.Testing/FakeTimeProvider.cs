namespace Mesh.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test calls <see cref="Advance"/>. Timers made by
/// <see cref="CreateTimer"/> (and so <c>Task.Delay(..., timeProvider)</c>, <c>CancellationTokenSource</c> time-outs,
/// Polly's timeouts and retry delays) fire inside <see cref="Advance"/>, on the calling thread, in due-time order,
/// with the clock set to each timer's due time while its callback runs. Thread-safe.
/// </summary>
/// <remarks>
/// A timer due now (due time zero) fires on the next <see cref="Advance"/>, even <c>Advance(TimeSpan.Zero)</c>:
/// nothing ever fires on its own. Callbacks run outside the clock's lock, so they may create, change or dispose
/// timers and even call <see cref="Advance"/>; calls to <see cref="Advance"/> from several threads run one at a time.
/// </remarks>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly Lock _advanceLock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;

    /// <summary>Starts the clock at 2025-01-01T00:00:00Z.</summary>
    public FakeTimeProvider()
        : this(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Starts the clock at <paramref name="start"/>.</summary>
    public FakeTimeProvider(DateTimeOffset start) => _now = start;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers that are scheduled and have not fired (periodic ones count while they run).</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_lock)
            {
                var count = 0;
                foreach (var timer in _timers)
                {
                    if (timer.Due is not null)
                    {
                        count++;
                    }
                }

                return count;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);

        // One Advance at a time, so that concurrent calls add up; a callback may call Advance again (re-entrant).
        lock (_advanceLock)
        {
            DateTimeOffset target;
            lock (_lock)
            {
                target = _now + delta;
            }

            while (FireNext(target))
            {
            }
        }
    }

    /// <summary>Fires the earliest timer due by <paramref name="target"/>, or moves the clock to it and returns false.</summary>
    private bool FireNext(DateTimeOffset target)
    {
        FakeTimer? next = null;
        lock (_lock)
        {
            foreach (var timer in _timers)
            {
                // Strictly earlier: among timers due at the same instant, the one created first fires first.
                if (timer.Due is { } due && due <= target && (next is null || due < next.Due))
                {
                    next = timer;
                }
            }

            if (next is null)
            {
                if (target > _now)
                {
                    _now = target;
                }

                return false;
            }

            if (next.Due!.Value > _now)
            {
                _now = next.Due.Value;
            }

            next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : null;
        }

        next.Fire();
        return true;
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private static void CheckPeriod(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be zero or more, or Timeout.InfiniteTimeSpan");
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        /// <summary>When the timer fires next, or null when it is stopped. Guarded by the owner's lock.</summary>
        public DateTimeOffset? Due { get; set; }

        /// <summary>Zero or infinite: fires once. Guarded by the owner's lock.</summary>
        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            CheckPeriod(dueTime, nameof(dueTime));
            CheckPeriod(period, nameof(period));
            lock (owner._lock)
            {
                if (_disposed)
                {
                    return false;
                }

                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period;
                return true;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                _disposed = true;
                Due = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
