using System.Net;
using Mesh.Policy.Api;

namespace Mesh.Client.Registration;

/// <summary>
/// How long the registrar waits after a failed registration or heartbeat. An unreachable server is tried again
/// soon (its lease would otherwise run out), backing off to 5 s; a refusal (a 4xx: a bad registration, a token
/// out of scope, too many failed tokens) will not fix itself, so it backs off to 60 s, and never sooner than the
/// server's <c>Retry-After</c>. Half of each delay is random, so instances refused together do not return together.
/// </summary>
internal static class RegistrationBackoff
{
    public static readonly TimeSpan MaxUnreachable = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxRefused = TimeSpan.FromSeconds(60);

    /// <param name="error">What the last attempt failed with.</param>
    /// <param name="failures">Attempts failed in a row, this one included (1 or more).</param>
    /// <param name="random">A number in [0, 1) that spreads the delay over its upper half.</param>
    public static TimeSpan Delay(Exception error, int failures, double random)
    {
        var refused = error is ControlPlaneException { StatusCode: { } status } && (int)status is >= 400 and < 500 && status != HttpStatusCode.RequestTimeout;
        var cap = refused ? MaxRefused : MaxUnreachable;
        var exponential = Math.Min(cap.TotalMilliseconds, 1000 * Math.Pow(2, Math.Min(failures - 1, 16)));
        var delay = TimeSpan.FromMilliseconds((exponential / 2) + (random * exponential / 2));
        return error is ControlPlaneException { RetryAfter: { } asked } && asked > delay ? asked : delay;
    }
}
