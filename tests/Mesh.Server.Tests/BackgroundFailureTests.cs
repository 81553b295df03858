using Mesh.Policy.Api;
using Mesh.Testing;

namespace Mesh.Server.Tests;

/// <summary>
/// A control server whose background service fails stops, and its process says so with a non-zero exit code, so that
/// a supervisor that restarts on failure restarts it.
/// </summary>
public class BackgroundFailureTests
{
    [Fact]
    public async Task LeaseReaperFails_ProcessExitsWithCode1AndSaysWhy()
    {
        using var data = new TempDirectory();
        using var server = await ServerProcess.StartAsync(data.Path, "--lease-ttl", "1s");
        using var http = new HttpClient { BaseAddress = server.Address };
        var join = new ControlPlaneClient(http, (await File.ReadAllTextAsync(Path.Combine(data.Path, "join.token"))).Trim());

        // A real failure, no test hook: a directory where the store writes its temporary file makes the next commit
        // throw UnauthorizedAccessException, which the reaper (it retries I/O errors only) does not handle. The
        // instance must still be registered once the obstacle is in place, so that its expiry is the commit that meets it.
        var obstacle = Path.Combine(data.Path, "store.json.tmp");
        var armed = false;
        for (var attempt = 0; attempt < 5 && !armed; attempt++)
        {
            var instance = await join.RegisterAsync(Registrations.Reviews("v1", 9080));
            Directory.CreateDirectory(obstacle);
            armed = await join.HeartbeatAsync(instance.InstanceId);
            if (!armed)
            {
                Directory.Delete(obstacle); // expired before the obstacle was there (a very busy machine): again
            }
        }

        Assert.True(armed, "the instance expired before the obstacle was in place, five times");
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains(server.Output, line => line.Contains("LeaseReaper failed and stopped the control server", StringComparison.Ordinal));
    }
}
