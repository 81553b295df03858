using System.Net;
using Mesh.Client.Resilience;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Testing;
using Polly;
using Polly.Timeout;

namespace Mesh.Client.Tests.Resilience;

/// <summary>
/// The compiled pipelines run directly on a fake clock: attempts are callbacks the test controls, and every
/// timeout and retry delay waits for <see cref="FakeTimeProvider.Advance"/>.
/// </summary>
public class RoutePolicyTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();

    public RoutePolicyTests() => Start = _time.GetUtcNow();

    private DateTimeOffset Start { get; }

    [Fact]
    public async Task WithRetries_AttemptOutlastsRouteTimeout_ThrowsTimeoutRejectedWhenTheClockPassesIt()
    {
        var policy = new RoutePolicy(new HttpRoute { Timeout = Seconds(2) }, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, attempts.Hang);

        _time.Advance(TimeSpan.FromMilliseconds(1_999));
        Assert.False(attempts.Tokens[0].IsCancellationRequested);
        Assert.False(task.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(attempts.Tokens[0].IsCancellationRequested);
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => task.WaitAsync(Guard));

        // The route timeout ends the request: the cancelled attempt is not retried.
        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public async Task WithRetries_AttemptFasterThanRouteTimeout_ReturnsItsResponse()
    {
        var policy = new RoutePolicy(new HttpRoute { Timeout = Seconds(2) }, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, (n, ct) => attempts.After(TimeSpan.FromMilliseconds(1_500), _time, HttpStatusCode.OK, ct));
        _time.Advance(TimeSpan.FromMilliseconds(1_500));

        using var response = await task.WaitAsync(Guard);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public async Task WithRetries_RouteTimeout_BoundsAllAttemptsTogether()
    {
        var route = new HttpRoute { Timeout = Seconds(1), Retries = new HttpRetry { Attempts = 10, RetryOn = "5xx" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, (n, ct) => attempts.After(TimeSpan.FromMilliseconds(400), _time, HttpStatusCode.ServiceUnavailable, ct));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Drive(task, TimeSpan.FromMilliseconds(50)));
        Assert.InRange(attempts.Count, 2, 3); // 400 ms each plus back-off: the third cannot finish within 1 s
    }

    [Fact]
    public async Task WithRetries_PerTryTimeout_TimesOutTheAttemptAndRunsTheNext()
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = 2, PerTryTimeout = Seconds(1), RetryOn = "5xx" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, (n, ct) => n == 1 ? attempts.Hang(n, ct) : attempts.Respond(HttpStatusCode.OK));

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(attempts.Tokens[0].IsCancellationRequested);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(attempts.Tokens[0].IsCancellationRequested);

        using var response = await Drive(task, TimeSpan.FromMilliseconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, attempts.Count);
    }

    [Fact]
    public async Task WithRetries_PerTryTimeoutOnEveryAttempt_ThrowsTimeoutRejectedAfterTheLast()
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = 2, PerTryTimeout = Seconds(1), RetryOn = "5xx" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, attempts.Hang);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Drive(task, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts.Tokens, t => Assert.True(t.IsCancellationRequested));
    }

    [Fact]
    public async Task WithRetries_PerTryTimeoutShorterThanRouteTimeout_RouteTimeoutStillEndsTheRequest()
    {
        var route = new HttpRoute { Timeout = Seconds(2.5), Retries = new HttpRetry { Attempts = 5, PerTryTimeout = Seconds(1), RetryOn = "5xx" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, attempts.Hang);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Drive(task, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(3, attempts.Count); // 1 s + back-off, 1 s + back-off, then cut short at 2.5 s
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task WithRetries_EveryAttemptFails_StopsAfterAttemptsRetries(int retries)
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = retries, RetryOn = "5xx" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, (n, ct) => attempts.Respond(HttpStatusCode.ServiceUnavailable));

        using var response = await Drive(task, TimeSpan.FromMilliseconds(50));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(retries + 1, attempts.Count);
        Assert.Equal(retries, policy.Retries);
    }

    [Fact]
    public async Task WithRetries_RetriedResponses_AreDisposedAndTheLastIsNot()
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = 2, RetryOn = "5xx" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, (n, ct) => attempts.Respond(HttpStatusCode.BadGateway));

        using var last = await Drive(task, TimeSpan.FromMilliseconds(50));
        Assert.Same(attempts.Responses[^1], last);
        Assert.Equal("attempt 3", await last.Content.ReadAsStringAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => attempts.Responses[0].Content.ReadAsStringAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => attempts.Responses[1].Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithRetries_FailureThenSuccess_ReturnsTheSuccess()
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = 3, RetryOn = "gateway-error" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, (n, ct) => attempts.Respond(n == 1 ? HttpStatusCode.GatewayTimeout : HttpStatusCode.OK));

        using var response = await Drive(task, TimeSpan.FromMilliseconds(50));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, attempts.Count);
    }

    [Fact]
    public async Task WithRetries_RetryWaitsForTheBackOffOnTheClock()
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = 1, RetryOn = "5xx" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, (n, ct) => attempts.Respond(n == 1 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK));

        // The back-off is a timer on the fake clock: once it is armed, without Advance the second attempt never comes.
        await WaitAsync(() => _time.PendingTimerCount > 0, "the back-off timer was never set");
        Assert.Equal(1, attempts.Count);
        Assert.False(task.IsCompleted);

        using var response = await Drive(task, TimeSpan.FromMilliseconds(25));
        Assert.Equal(2, attempts.Count);
        Assert.InRange(_time.GetUtcNow() - Start, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task WithRetries_ConditionDoesNotHold_DoesNotRetry()
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = 3, RetryOn = "gateway-error" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        using var response = await Run(policy, policy.WithRetries, (n, ct) => attempts.Respond(HttpStatusCode.InternalServerError)).WaitAsync(Guard);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public async Task WithRetries_503ThatTheMeshMadeItself_IsNotRetried()
    {
        var policy = new RoutePolicy(new HttpRoute(), _time);
        var attempts = 0;

        using var response = await Run(policy, policy.WithRetries, (n, ct) =>
        {
            Interlocked.Increment(ref attempts);
            var refusal = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            refusal.Headers.TryAddWithoutValidation(Mesh.Client.Http.ResponseFlags.Header, "UO");
            return ValueTask.FromResult(refusal);
        }).WaitAsync(Guard);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task WithRetries_AttemptsZero_TriesOnce()
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = 0, RetryOn = "5xx" } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        using var response = await Run(policy, policy.WithRetries, (n, ct) => attempts.Respond(HttpStatusCode.ServiceUnavailable)).WaitAsync(Guard);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, attempts.Count);
        Assert.Equal(0, policy.Retries);
    }

    [Fact]
    public async Task WithRetries_AttemptsZeroAndConnectionError_Throws()
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = 0 } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        await Assert.ThrowsAsync<HttpRequestException>(() => Run(policy, policy.WithRetries, attempts.RefuseConnection).WaitAsync(Guard));
        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public void Constructor_NoRetriesBlock_UsesIstioDefaults()
    {
        var policy = new RoutePolicy(new HttpRoute(), _time);

        Assert.Equal(2, policy.Retries);
        Assert.Null(policy.PerTryTimeout);
        Assert.Null(policy.Timeout);
    }

    [Fact]
    public void Constructor_NoRoute_UsesIstioDefaults()
    {
        var policy = new RoutePolicy(null, _time);

        Assert.Equal(2, policy.Retries);
        Assert.True(policy.Conditions.ShouldRetry(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), null));
    }

    [Fact]
    public async Task WithRetries_IstioDefaultsAnd503_TriesThreeTimes()
    {
        var policy = new RoutePolicy(new HttpRoute(), _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, (n, ct) => attempts.Respond(HttpStatusCode.ServiceUnavailable));

        using var response = await Drive(task, TimeSpan.FromMilliseconds(50));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, attempts.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task WithRetries_IstioDefaultsAndOther5xx_TriesOnce(HttpStatusCode status)
    {
        var policy = new RoutePolicy(new HttpRoute(), _time);
        var attempts = new Attempts();

        using var response = await Run(policy, policy.WithRetries, (n, ct) => attempts.Respond(status)).WaitAsync(Guard);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, attempts.Count);
    }

    [Fact]
    public async Task WithRetries_IstioDefaultsAndConnectFailures_TriesThreeTimesThenThrows()
    {
        var policy = new RoutePolicy(new HttpRoute(), _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, attempts.RefuseConnection);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Drive(task, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
        Assert.Equal(3, attempts.Count);
    }

    [Fact]
    public async Task WithRetries_AttemptsWithoutRetryOn_KeepsTheIstioDefaultConditions()
    {
        var route = new HttpRoute { Retries = new HttpRetry { Attempts = 4 } };
        var policy = new RoutePolicy(route, _time);
        var attempts = new Attempts();

        var task = Run(policy, policy.WithRetries, (n, ct) => attempts.Respond(HttpStatusCode.ServiceUnavailable));

        using var response = await Drive(task, TimeSpan.FromMilliseconds(50));
        Assert.Equal(5, attempts.Count);
    }

    [Fact]
    public void Constructor_RetriesBlockWithoutAttempts_DisablesRetriesAsIstio()
    {
        var route = new HttpRoute { Retries = new HttpRetry { PerTryTimeout = Seconds(1), RetryOn = "5xx" } };

        Assert.Equal(0, new RoutePolicy(route, _time).Retries);
    }

    [Fact]
    public void Constructor_ZeroTimeouts_MeanNone()
    {
        var route = new HttpRoute { Timeout = Seconds(0), Retries = new HttpRetry { Attempts = 1, PerTryTimeout = Seconds(0) } };

        var policy = new RoutePolicy(route, _time);

        Assert.Null(policy.Timeout);
        Assert.Null(policy.PerTryTimeout);
    }

    [Fact]
    public void Constructor_ValidIstioDurations_BuildsPipelines()
    {
        var route = new HttpRoute { Timeout = Seconds(90), Retries = new HttpRetry { Attempts = 3, PerTryTimeout = Seconds(0.25) } };

        var policy = new RoutePolicy(route, _time);

        Assert.Equal(TimeSpan.FromSeconds(90), policy.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), policy.PerTryTimeout);
    }

    [Fact]
    public void Constructor_MillisecondTimeouts_BuildsPipelines()
    {
        // Istio accepts any positive duration, and the policy validator lets these through.
        var route = new HttpRoute { Timeout = new Duration(TimeSpan.FromMilliseconds(5)), Retries = new HttpRetry { Attempts = 1, PerTryTimeout = new Duration(TimeSpan.FromMilliseconds(1)) } };

        var policy = new RoutePolicy(route, _time);

        Assert.Equal(TimeSpan.FromMilliseconds(5), policy.Timeout);
    }

    [Fact]
    public void Constructor_TimeoutLongerThanADay_BuildsPipelines()
    {
        var route = new HttpRoute { Timeout = new Duration(TimeSpan.FromHours(48)) };

        var policy = new RoutePolicy(route, _time);

        Assert.Equal(TimeSpan.FromHours(48), policy.Timeout);
    }

    private static Duration Seconds(double seconds) => new(TimeSpan.FromSeconds(seconds));

    /// <summary>
    /// Runs <paramref name="pipeline"/> as MeshHandler does: on the token of the route's deadline, with the outcome
    /// passed through the deadline (which reports its own expiry as a <see cref="TimeoutRejectedException"/>).
    /// </summary>
    private static async Task<HttpResponseMessage> Run(RoutePolicy policy, ResiliencePipeline<HttpResponseMessage> pipeline, Func<int, CancellationToken, ValueTask<HttpResponseMessage>> attempt)
    {
        var number = 0;
        using var deadline = policy.PrepareDeadline(CancellationToken.None).Armed();
        var context = ResilienceContextPool.Shared.Get(deadline.Token);
        try
        {
            return await pipeline.ExecuteAsync(ctx => attempt(Interlocked.Increment(ref number), ctx.CancellationToken), context);
        }
        catch (OperationCanceledException canceled)
        {
            deadline.Complete(Outcome.FromException<HttpResponseMessage>(canceled)).ThrowIfException();
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Moves the fake clock in steps, letting continuations run in between, until <paramref name="task"/> ends.</summary>
    private async Task<T> Drive<T>(Task<T> task, TimeSpan step)
    {
        for (var i = 0; i < 2_000 && !task.IsCompleted; i++)
        {
            var pending = _time.PendingTimerCount;
            _time.Advance(step);
            await Task.Delay(1);

            // A timer that fired (a per-try timeout, a back-off) starts work on the thread pool that sets the next
            // timer. Time must not move on before that work has run, or what the test counts would depend on how
            // busy the machine is: so wait, for as long as it takes, until the pipeline has re-armed (or ended).
            // Guard only bounds a pipeline that never does, which fails the test.
            await WaitAsync(() => task.IsCompleted || _time.PendingTimerCount >= pending, "the pipeline never set its next timer");
        }

        return await task.WaitAsync(Guard);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <see cref="Guard"/> (a hang, not a slow machine).</summary>
    private static Task WaitAsync(Func<bool> condition, string failure) =>
        Eventually.TrueAsync(() => Task.FromResult(condition()), Guard, failure, TimeSpan.FromMilliseconds(1));

    /// <summary>Records each attempt: its cancellation token and the response it gave.</summary>
    private sealed class Attempts
    {
        private readonly Lock _lock = new();

        public List<CancellationToken> Tokens { get; } = [];

        public List<HttpResponseMessage> Responses { get; } = [];

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return Tokens.Count;
                }
            }
        }

        public ValueTask<HttpResponseMessage> Respond(HttpStatusCode status)
        {
            lock (_lock)
            {
                Tokens.Add(CancellationToken.None);
                var response = new HttpResponseMessage(status) { Content = new StringContent($"attempt {Tokens.Count}") };
                Responses.Add(response);
                return ValueTask.FromResult(response);
            }
        }

        /// <summary>An attempt that never answers: it ends only when its token is cancelled.</summary>
        public async ValueTask<HttpResponseMessage> Hang(int number, CancellationToken cancellationToken)
        {
            Record(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        /// <summary>An attempt that answers <paramref name="status"/> after <paramref name="delay"/> on the fake clock.</summary>
        public async ValueTask<HttpResponseMessage> After(TimeSpan delay, TimeProvider time, HttpStatusCode status, CancellationToken cancellationToken)
        {
            Record(cancellationToken);
            await Task.Delay(delay, time, cancellationToken);
            return new HttpResponseMessage(status);
        }

        public ValueTask<HttpResponseMessage> RefuseConnection(int number, CancellationToken cancellationToken)
        {
            Record(cancellationToken);
            return ValueTask.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)"));
        }

        private void Record(CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                Tokens.Add(cancellationToken);
            }
        }
    }
}
