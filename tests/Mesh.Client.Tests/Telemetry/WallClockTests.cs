using Mesh.Client.Identity;
using Mesh.Client.Telemetry;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>
/// Access-log start times (<see cref="MeshTelemetry.WallClockAt"/>): in the order the requests really started, even
/// when the system clock is set back between two records, and following such a step within a minute.
/// </summary>
public class WallClockTests
{
    [Fact]
    public void ACallStartedAfterItsRequest_NeverShowsAnEarlierStart_WhenTheClockIsSetBackBetweenTheirRecords()
    {
        var clock = new SteppedClock();
        var telemetry = NewTelemetry(clock);
        var requestStarted = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var callStarted = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromMilliseconds(5));

        var call = telemetry.WallClockAt(callStarted); // the call's record is written first, as it ends first
        clock.Step(TimeSpan.FromSeconds(-2)); // then a time sync sets the system clock back
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var request = telemetry.WallClockAt(requestStarted);

        Assert.Equal(TimeSpan.FromMilliseconds(1), call - request);
    }

    [Fact]
    public void AStepOfTheSystemClock_ShowsWithinAMinute()
    {
        var clock = new SteppedClock();
        var telemetry = NewTelemetry(clock);
        _ = telemetry.WallClockAt(clock.GetTimestamp());

        clock.Step(TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(clock.GetUtcNow(), telemetry.WallClockAt(clock.GetTimestamp()));
    }

    private static MeshTelemetry NewTelemetry(TimeProvider clock) =>
        new(new MeshOptions { ServiceName = "front" }, new WorkloadIdentity(), clock, meters: null, loggers: null);

    /// <summary>A clock whose wall time can be stepped apart from its monotonic timestamps, as a time sync does.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        private long _ticks;
        private TimeSpan _step;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public override DateTimeOffset GetUtcNow() => Start + TimeSpan.FromTicks(_ticks) + _step;

        public void Advance(TimeSpan time) => _ticks += time.Ticks;

        public void Step(TimeSpan step) => _step += step;
    }
}
