namespace Mesh.Testing;

/// <summary>Polls a condition (across processes, or in a running server) until it holds, or fails with a message after a timeout.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string message)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{message} (waited {timeout.TotalSeconds} s)");
            }
        }
    }
}
