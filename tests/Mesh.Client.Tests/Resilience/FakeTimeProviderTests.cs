using Mesh.Testing;

namespace Mesh.Client.Tests.Resilience;

/// <summary>The fake clock the resilience tests stand on.</summary>
public class FakeTimeProviderTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Advance_MovesUtcNowAndTimestampTogether()
    {
        var start = _time.GetUtcNow();
        var stamp = _time.GetTimestamp();

        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(start.AddSeconds(3), _time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(3), _time.GetElapsedTime(stamp));
    }

    [Fact]
    public void GetUtcNow_WithoutAdvance_StandsStill()
    {
        var start = _time.GetUtcNow();

        Thread.Sleep(20);

        Assert.Equal(start, _time.GetUtcNow());
    }

    [Fact]
    public void Advance_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _time.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void Advance_FiresDueTimersInDueOrderWithTheClockAtTheirDueTime()
    {
        var start = _time.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = _time.CreateTimer(_ => fired.Add(("late", _time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var early = _time.CreateTimer(_ => fired.Add(("early", _time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var never = _time.CreateTimer(_ => fired.Add(("never", _time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal([("early", TimeSpan.FromSeconds(1)), ("late", TimeSpan.FromSeconds(2))], fired);
        Assert.Equal(TimeSpan.FromSeconds(3), _time.GetUtcNow() - start);
    }

    [Fact]
    public void Advance_BeforeDueTime_DoesNotFire()
    {
        var fired = 0;
        using var timer = _time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, fired);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fired);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, fired); // one-shot
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerPeriod()
    {
        var fired = 0;
        using var timer = _time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Equal(3, fired);
    }

    [Fact]
    public void Change_Reschedules_AndInfiniteStops()
    {
        var fired = 0;
        using var timer = _time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, fired);
        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, fired);
        Assert.Equal(0, _time.PendingTimerCount);
    }

    [Fact]
    public void Dispose_StopsTheTimer()
    {
        var fired = 0;
        var timer = _time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Advance_CallbackCreatesATimerDueWithinTheStep_FiresItToo()
    {
        var fired = new List<int>();
        ITimer? second = null;
        using var first = _time.CreateTimer(
            _ =>
            {
                fired.Add(1);
                second = _time.CreateTimer(_ => fired.Add(2), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        _time.Advance(TimeSpan.FromSeconds(2));
        second?.Dispose();

        Assert.Equal([1, 2], fired);
    }

    [Fact]
    public async Task Delay_OnTheFakeClock_CompletesOnlyWhenAdvanced()
    {
        var delay = Task.Delay(TimeSpan.FromMinutes(5), _time);

        await Task.Delay(20);
        Assert.False(delay.IsCompleted);

        _time.Advance(TimeSpan.FromMinutes(5));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void CancellationTokenSource_WithTheFakeClock_CancelsWhenAdvancedPastItsDelay()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cts.IsCancellationRequested);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task Advance_FromManyThreads_AddsUpAndFiresEachTimerOnce()
    {
        var start = _time.GetUtcNow();
        var fired = 0;
        var timers = new ITimer[50];
        for (var i = 0; i < timers.Length; i++)
        {
            timers[i] = _time.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMilliseconds(i * 10), Timeout.InfiniteTimeSpan);
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(1));
            }
        })));

        Assert.Equal(TimeSpan.FromMilliseconds(800), _time.GetUtcNow() - start);
        Assert.Equal(timers.Length, fired);
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
