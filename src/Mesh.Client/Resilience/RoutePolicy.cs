using Polly;
using Polly.Retry;
using Polly.Timeout;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Resilience;

/// <summary>
/// A route's timeout and retry behaviour, compiled once when the snapshot is built: Polly pipelines of retries ▸
/// per-try timeout, run on a token that the route's overall timeout cancels (<see cref="PrepareDeadline"/>). The
/// pipeline only retries: a request's first attempt runs outside it, and only an outcome that
/// <see cref="WouldRetry"/> is handed to it (see <see cref="FirstOutcome"/>); a request whose body cannot be sent
/// twice is never handed to it.
/// </summary>
internal sealed class RoutePolicy
{
    /// <summary>Envoy's retry back-off base interval.</summary>
    private static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(25);

    private readonly TimeProvider _time;

    public RoutePolicy(HttpRoute? route, TimeProvider time)
    {
        _time = time;
        Timeout = route?.Timeout?.Value is { } t && t > TimeSpan.Zero ? t : null;

        // Istio's default when the route is silent: 2 retries on connect failures, refused streams and 503.
        var retries = route?.Retries;
        Retries = retries is null ? 2 : retries.Attempts ?? 0; // a retries block without attempts disables retries, as in Istio
        PerTryTimeout = retries?.PerTryTimeout?.Value is { } p && p > TimeSpan.Zero ? p : null;
        Conditions = new RetryConditions(retries?.Conditions ?? RetryOnConditions.Default);

        WithRetries = Build(time, withRetries: Retries > 0);
    }

    /// <summary>The whole request's time limit, or null for none (Istio's default).</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Retries after the first attempt.</summary>
    public int Retries { get; }

    /// <summary>The time limit of each attempt, or null.</summary>
    public TimeSpan? PerTryTimeout { get; }

    public RetryConditions Conditions { get; }

    public ResiliencePipeline<HttpResponseMessage> WithRetries { get; }

    /// <summary>
    /// The route's overall timeout for one request, to be armed (<see cref="RouteDeadline.Armed"/>) once the request
    /// is on its way (see <see cref="RouteDeadline.Prepare"/>): run the pipeline on the deadline's token and pass its
    /// outcome through <see cref="RouteDeadline.Complete"/>. Why the overall timeout is a deadline on Polly's token
    /// rather than a strategy of the pipeline: see <see cref="RouteDeadline"/>.
    /// </summary>
    public RouteDeadline PrepareDeadline(CancellationToken caller) => RouteDeadline.Prepare(Clamp(Timeout), _time, caller);

    /// <summary>
    /// The per-try timeout of a request's first attempt, which runs outside the pipeline (see
    /// <see cref="FirstOutcome"/>), on the route's token: a <see cref="RouteDeadline"/> with the same clamping and
    /// the same <see cref="TimeoutRejectedException"/> as the pipeline's per-try timeout strategy gives later
    /// attempts. Prepared, to be armed once the attempt's send has returned (see <see cref="RouteDeadline.Prepare"/>).
    /// </summary>
    public RouteDeadline PrepareFirstTry(CancellationToken route) => RouteDeadline.Prepare(Clamp(PerTryTimeout), _time, route, perTry: true);

    /// <summary>
    /// Polly's timeout accepts 10 ms to 24 h; Istio any duration. Shorter ones become 10 ms (the nearest it can
    /// enforce); longer ones are no limit in practice, so none is set. The route's deadline follows the same rule,
    /// so that both timeouts read the policy alike.
    /// </summary>
    private static TimeSpan? Clamp(TimeSpan? timeout) => timeout switch
    {
        null => null,
        { } t when t > TimeSpan.FromHours(24) => null,
        { } t when t < TimeSpan.FromMilliseconds(10) => TimeSpan.FromMilliseconds(10),
        var t => t,
    };

    /// <summary>
    /// Whether the route's pipeline should be given a first attempt's <paramref name="outcome"/> to retry: a
    /// retriable outcome that the mesh did not produce itself. The pipeline still decides, taking a retry slot under
    /// the destination's limits (<see cref="MayRetry"/>).
    /// </summary>
    public bool WouldRetry(Outcome<HttpResponseMessage> outcome) =>
        Retries > 0 && Conditions.ShouldRetry(outcome.Result, outcome.Exception) && !IsMeshRefusal(outcome.Result);

    /// <summary>A response the mesh produced itself (an overflow, no healthy endpoint): never retried.</summary>
    private static bool IsMeshRefusal(HttpResponseMessage? response) =>
        response is not null && response.Headers.NonValidated.Contains(Http.ResponseFlags.Header);

    /// <summary>
    /// A retry also needs a slot under the destination's limits (maxRetries, retry budget), and is never made for
    /// an overflow refusal, which the mesh produced itself.
    /// </summary>
    private static bool MayRetry(ResilienceContext context, HttpResponseMessage? response)
    {
        if (IsMeshRefusal(response))
        {
            return false;
        }

        if (!context.Properties.TryGetValue(AttemptKeys.Target, out var target) || target.Limits.IsUnlimited)
        {
            return true;
        }

        if (!target.State.TryStartRetry(target.Limits))
        {
            Telemetry.MeshEvents.Record(Telemetry.MeshEvents.Overflow, target.Name);
            return false;
        }

        context.Properties.Set(AttemptKeys.RetryHeld, true);
        return true;
    }

    private ResiliencePipeline<HttpResponseMessage> Build(TimeProvider time, bool withRetries)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (withRetries)
        {
            var conditions = Conditions;
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "route-retry",
                MaxRetryAttempts = Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = RetryBaseDelay,
                MaxDelay = TimeSpan.FromMilliseconds(250),
                ShouldHandle = args => new ValueTask<bool>(conditions.ShouldRetry(args.Outcome.Result, args.Outcome.Exception) && MayRetry(args.Context, args.Outcome.Result)),
                OnRetry = static args =>
                {
                    // The failed attempt's response is replaced by the next one: release its connection.
                    args.Outcome.Result?.Dispose();
                    if (args.Context.Properties.TryGetValue(AttemptKeys.Target, out var target))
                    {
                        Telemetry.MeshEvents.Record(Telemetry.MeshEvents.Retry, target.Name);
                    }

                    return default;
                },
            });
        }

        if (Clamp(PerTryTimeout) is { } perTry)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = perTry, Name = "per-try-timeout" });
        }

        return builder.Build();
    }
}
