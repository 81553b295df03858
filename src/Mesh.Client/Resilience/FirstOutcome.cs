using Polly;

namespace Mesh.Client.Resilience;

/// <summary>
/// The outcome of a request's first attempt, made outside the route's Polly pipeline, handed to that pipeline
/// when the outcome is to be retried: the pipeline's first callback returns it instead of sending again, so Polly's
/// retry strategy decides, backs off and retries exactly as if it had made the first attempt itself.
/// </summary>
/// <remarks>
/// Why the first attempt runs outside the pipeline: Polly's retry strategy awaits its callback in an async method
/// of its own, whose state machine (about 310 B) is allocated on every request whose attempt completes
/// asynchronously, which over a socket is every one; most requests are never retried. Created only on the retry
/// path.
/// </remarks>
internal sealed class FirstOutcome(Outcome<HttpResponseMessage> outcome)
{
    private bool _taken;

    /// <summary>Hands the outcome over once; false afterwards.</summary>
    public bool TryTake(out Outcome<HttpResponseMessage> taken)
    {
        taken = _taken ? default : outcome;
        var first = !_taken;
        _taken = true;
        return first;
    }

    /// <summary>
    /// Disposes the response if the pipeline never took it (Polly stops before its first callback when the token
    /// is already cancelled), so that its connection goes back to the pool.
    /// </summary>
    public void DisposeIfNotTaken()
    {
        if (TryTake(out var untaken))
        {
            untaken.Result?.Dispose();
        }
    }
}
