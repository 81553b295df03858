using System.Runtime.InteropServices;

namespace BookInfo.Hosting;

/// <summary>Ctrl+C, SIGTERM or SIGQUIT, once for the whole process: the signal to stop everything gracefully.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle),
        ];
    }

    /// <summary>Cancelled when a stop signal arrives.</summary>
    public CancellationToken Token => _stopping.Token;

    /// <summary>Completes when a stop signal arrives.</summary>
    public Task WaitAsync()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), stopped);
        return stopped.Task;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // Keep the process alive: it ends when the shutdown below has finished, not in the middle of it.
        context.Cancel = true;
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A signal during the final teardown: everything is stopping already.
        }
    }
}
