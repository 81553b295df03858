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

        // The store turns every write failure into an IOException, which the reaper survives by design; what would
        // end it (an out-of-memory, as once seen at a 1 GiB heap) cannot be provoked on purpose, so the test uses
        // the reaper's test-only fault switch.
        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(data.Path, new Dictionary<string, string> { ["MESH_SERVER_TEST_FAULT"] = "lease-reaper" }, "--lease-ttl", "1s");

        Assert.Equal(1, exitCode);
        Assert.Contains(stdout.Concat(stderr), line => line.Contains("LeaseReaper failed and stopped the control server", StringComparison.Ordinal));
    }
}
