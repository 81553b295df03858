using System.Diagnostics;

namespace Mesh.Testing;

/// <summary>Polls a condition (across processes, or in a running server) until it holds, or fails with a message after a timeout.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Probes <paramref name="condition"/> until it returns true; fails the test (<see cref="Assert.Fail(string)"/>)
    /// with <paramref name="message"/> and the time waited if it has not within <paramref name="timeout"/>.
    /// </summary>
    /// <param name="condition">The check; it runs at least once, however short the timeout.</param>
    /// <param name="timeout">How long to keep probing.</param>
    /// <param name="message">What never happened, for the failure.</param>
    /// <param name="interval">The pause between probes: 25 ms unless given (longer where a probe costs the system under test real work).</param>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string message, TimeSpan? interval = null) =>
        PollAsync(condition, static held => held, timeout, message, interval, describeLast: false);

    /// <summary>
    /// Probes <paramref name="probe"/> until <paramref name="condition"/> holds for its value, and returns that value;
    /// fails the test (<see cref="Assert.Fail(string)"/>) with <paramref name="message"/>, the time waited and the
    /// last value probed if none did within <paramref name="timeout"/>.
    /// </summary>
    /// <typeparam name="T">What is probed.</typeparam>
    /// <param name="probe">Reads the current value; it runs at least once, however short the timeout.</param>
    /// <param name="condition">Whether a value is the one awaited.</param>
    /// <param name="timeout">How long to keep probing.</param>
    /// <param name="message">What never happened, for the failure.</param>
    /// <param name="interval">The pause between probes: 25 ms unless given (longer where a probe costs the system under test real work).</param>
    /// <returns>The first value probed that meets <paramref name="condition"/>.</returns>
    public static Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string message, TimeSpan? interval = null) =>
        PollAsync(probe, condition, timeout, message, interval, describeLast: true);

    private static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string message, TimeSpan? interval, bool describeLast)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            try
            {
                await Task.Delay(interval ?? DefaultInterval, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // The time actually waited: a slow probe (an HTTP call with its own timeout) can outlast the deadline.
                var waited = $"waited {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s";
                var last = describeLast ? Describe(value) : null;
                Assert.Fail(last is null ? $"{message} ({waited})" : $"{message} ({waited}; last: {last})");
            }
        }
    }

    /// <summary>The value's text, or null when it has none worth showing (a type without its own ToString only names itself).</summary>
    private static string? Describe<T>(T value) =>
        value is null ? "null"
        : value.ToString() is { } text && text != value.GetType().ToString() ? text
        : null;
}
