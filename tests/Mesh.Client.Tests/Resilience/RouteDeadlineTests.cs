using Mesh.Client.Resilience;
using Mesh.Testing;
using Polly;
using Polly.Timeout;

namespace Mesh.Client.Tests.Resilience;

/// <summary>
/// The route's overall timeout as a deadline on the pipeline's token: who cancelled decides what the caller sees
/// (a timeout, or their own cancellation), on a fake clock and on the system clock (where sources are pooled).
/// </summary>
public class RouteDeadlineTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Complete_DeadlinePassed_ReportsTimeoutRejected()
    {
        using var deadline = RouteDeadline.Prepare(TimeSpan.FromSeconds(2), _time, CancellationToken.None).Armed();

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(deadline.Token.IsCancellationRequested);
        var outcome = deadline.Complete(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException(deadline.Token)));
        var timeout = Assert.IsType<TimeoutRejectedException>(outcome.Exception);
        Assert.Equal(TimeSpan.FromSeconds(2), timeout.Timeout);
    }

    [Fact]
    public void Complete_CallerCancelled_KeepsTheCallersCancellation()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = RouteDeadline.Prepare(TimeSpan.FromSeconds(2), _time, caller.Token).Armed();

        caller.Cancel();

        Assert.True(deadline.Token.IsCancellationRequested);
        var canceled = new OperationCanceledException(deadline.Token);
        var outcome = deadline.Complete(Outcome.FromException<HttpResponseMessage>(canceled));
        Assert.Same(canceled, outcome.Exception);
    }

    [Fact]
    public void Complete_ResponseBeforeTheDeadline_IsKept()
    {
        using var deadline = RouteDeadline.Prepare(TimeSpan.FromSeconds(2), _time, CancellationToken.None).Armed();
        using var response = new HttpResponseMessage();

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(deadline.Token.IsCancellationRequested);
        Assert.Same(response, deadline.Complete(Outcome.FromResult(response)).Result);
    }

    [Fact]
    public void Prepare_NoTimeout_RunsOnTheCallersToken()
    {
        using var caller = new CancellationTokenSource();

        using var deadline = RouteDeadline.Prepare(null, _time, caller.Token).Armed();

        Assert.Equal(caller.Token, deadline.Token);
    }

    [Fact]
    public async Task Armed_SystemClock_ReusedSourcesStartFresh()
    {
        // Pooled sources are reset on return: one that served a request must not carry its cancellation or its
        // caller link into the next.
        using var caller = new CancellationTokenSource();
        var first = RouteDeadline.Prepare(TimeSpan.FromMilliseconds(50), TimeProvider.System, caller.Token).Armed();
        first.Dispose();
        await caller.CancelAsync();

        using var second = RouteDeadline.Prepare(TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None).Armed();

        Assert.False(second.Token.IsCancellationRequested);
        await Task.Delay(200);
        Assert.False(second.Token.IsCancellationRequested); // the first one's 50 ms timer was stopped
    }

    [Fact]
    public async Task Prepare_SystemClock_RunsOnlyOnceArmed()
    {
        // The mesh hands a prepared deadline's token to the send and arms it when the send has returned: the clock
        // must start then, not before (a prepared source whose timer ran would cancel sends that never started it).
        var prepared = RouteDeadline.Prepare(TimeSpan.FromMilliseconds(10), TimeProvider.System, CancellationToken.None); // one source: disposed as armed
        await Task.Delay(200);
        Assert.False(prepared.Token.IsCancellationRequested);

        using var armed = prepared.Armed();
        Assert.Equal(prepared.Token, armed.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(TimeSpan.FromSeconds(10), armed.Token));
        var outcome = armed.Complete(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException(armed.Token)));
        Assert.IsType<TimeoutRejectedException>(outcome.Exception);
    }

    [Fact]
    public void Armed_CallerCancelledWhileTheSendStarted_CancelsAtOnce_AndStaysTheCallers()
    {
        using var caller = new CancellationTokenSource();
        var prepared = RouteDeadline.Prepare(TimeSpan.FromMinutes(5), TimeProvider.System, caller.Token);
        caller.Cancel(); // between the send's start and the arming: the link is made after, and must still carry it

        using var armed = prepared.Armed();

        Assert.True(armed.Token.IsCancellationRequested);
        var canceled = new OperationCanceledException(armed.Token);
        Assert.Same(canceled, armed.Complete(Outcome.FromException<HttpResponseMessage>(canceled)).Exception);
    }
}
