using System.Net;
using BenchmarkDotNet.Attributes;
using Polly;

namespace Mesh.Benchmarks.Experiments;

/// <summary>
/// Experiment: the route's resilience around an attempt that succeeds at once, against calling the attempt
/// directly (the baseline). <c>AttemptInRoutePipeline</c> runs the route's compiled Polly pipeline (2 retries on
/// 5xx) on the token of the route's 5 s deadline, as MeshHandler does; <c>AttemptInTimeoutOnly</c> and
/// <c>AttemptInRetryOnly</c> are Polly's own timeout and retry strategies alone, with RoutePolicy's options. With
/// <see cref="Yield"/> the attempt completes asynchronously, as a send over a socket does. The context comes from
/// Polly's pool as in MeshHandler; the token can be canceled, as HttpClient's is.
/// </summary>
[MemoryDiagnoser]
public class PollyPipelineBenchmarks
{
    private static readonly HttpResponseMessage Ok = new(HttpStatusCode.OK);
    private static readonly ResiliencePropertyKey<int> Attempts = new("bench.attempts");

    private readonly CancellationTokenSource _cancellation = new();
    private Mesh.Client.Resilience.RoutePolicy _policy = null!;
    private ResiliencePipeline<HttpResponseMessage> _timeoutOnly = null!;
    private ResiliencePipeline<HttpResponseMessage> _retryOnly = null!;

    [Params(false, true)]
    public bool Yield { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var runtime = BenchmarkPolicy.CompiledRuntime(9081, 9082);
        runtime.Snapshot.TryResolve("reviews", out var service);
        _policy = service.Routes[^1].Policy;
        if (_policy.Timeout is null || _policy.Retries != 2)
        {
            throw new InvalidOperationException("The last route should have a timeout and 2 retries.");
        }

        // Each strategy of the route pipeline on its own, with RoutePolicy's options.
        _timeoutOnly = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(new Polly.Timeout.TimeoutStrategyOptions { Timeout = _policy.Timeout.Value })
            .Build();
        var conditions = _policy.Conditions;
        _retryOnly = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new Polly.Retry.RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(25),
                ShouldHandle = args => new ValueTask<bool>(conditions.ShouldRetry(args.Outcome.Result, args.Outcome.Exception)),
            })
            .Build();
    }

    [GlobalCleanup]
    public void Cleanup() => _cancellation.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<HttpResponseMessage> AttemptAlone()
    {
        var context = ResilienceContextPool.Shared.Get(_cancellation.Token);
        try
        {
            var outcome = await Attempt(context, Yield).ConfigureAwait(false);
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Benchmark]
    public async Task<HttpResponseMessage> AttemptInRoutePipeline()
    {
        using var deadline = _policy.PrepareDeadline(_cancellation.Token).Armed();
        var context = ResilienceContextPool.Shared.Get(deadline.Token);
        try
        {
            var outcome = await _policy.WithRetries.ExecuteOutcomeAsync(
                static (ctx, yield) => Attempt(ctx, yield), context, Yield).ConfigureAwait(false);
            return deadline.Complete(outcome).Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The attempt counting itself in the context as MeshHandler does (<c>Properties.Set(Attempts, n + 1)</c>: an int stored as object).</summary>
    [Benchmark]
    public async Task<HttpResponseMessage> AttemptAloneCountingInContext()
    {
        var context = ResilienceContextPool.Shared.Get(_cancellation.Token);
        try
        {
            context.Properties.TryGetValue(Attempts, out var attempts);
            context.Properties.Set(Attempts, attempts + 1);
            var outcome = await Attempt(context, Yield).ConfigureAwait(false);
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Benchmark]
    public async Task<HttpResponseMessage> AttemptInTimeoutOnly()
    {
        var context = ResilienceContextPool.Shared.Get(_cancellation.Token);
        try
        {
            var outcome = await _timeoutOnly.ExecuteOutcomeAsync(static (ctx, yield) => Attempt(ctx, yield), context, Yield).ConfigureAwait(false);
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Benchmark]
    public async Task<HttpResponseMessage> AttemptInRetryOnly()
    {
        var context = ResilienceContextPool.Shared.Get(_cancellation.Token);
        try
        {
            var outcome = await _retryOnly.ExecuteOutcomeAsync(static (ctx, yield) => Attempt(ctx, yield), context, Yield).ConfigureAwait(false);
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static async ValueTask<Outcome<HttpResponseMessage>> Attempt(ResilienceContext context, bool yield)
    {
        if (yield)
        {
            await Task.Yield();
        }

        return Outcome.FromResult(Ok);
    }
}
