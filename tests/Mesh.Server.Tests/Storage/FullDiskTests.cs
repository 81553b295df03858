using System.Net;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.Server.Tests.Storage;

/// <summary>The server on a real disk that fills up (a 256 KiB tmpfs).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FullDiskTests
{
    [RootFact]
    public async Task WritesOnAFullDisk_Are507WithAMessageChangeNothingAndWorkAgainOnceFreed()
    {
        using var disk = TmpfsMount.Create(256, "0700");
        await using var server = await RunningServer.StartAsync(disk.Path);
        await server.Admin.ApplyAsync(Yaml.VirtualService("reviews", "v1"));
        var registered = await server.Join.RegisterAsync(Registrations.Reviews("v1", 9082));
        var storeBefore = await File.ReadAllBytesAsync(disk.File("store.json"));
        var tokensBefore = await server.Admin.ListJoinTokensAsync();

        disk.Fill();

        var refused = new[]
        {
            await Assert.ThrowsAsync<ControlPlaneException>(() => server.Admin.ApplyAsync(Yaml.VirtualService("ratings", "v1"))),
            await Assert.ThrowsAsync<ControlPlaneException>(() => server.Admin.DeleteAsync(ResourceKinds.VirtualService, "default", "reviews")),
            await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.RegisterAsync(Registrations.Reviews("v2", 9083))),
            await Assert.ThrowsAsync<ControlPlaneException>(() => server.Join.DeregisterAsync(registered.InstanceId)),
            await Assert.ThrowsAsync<ControlPlaneException>(() => server.Admin.CreateJoinTokenAsync(new JoinTokenRequest { Namespace = "default", ServiceAccounts = ["reviews"] })),
        };

        Assert.All(refused, ex =>
        {
            Assert.Equal(HttpStatusCode.InsufficientStorage, ex.StatusCode);
            Assert.Contains("could not write its store", ex.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was applied", ex.Message, StringComparison.Ordinal);
        });
        Assert.Equal(storeBefore, await File.ReadAllBytesAsync(disk.File("store.json")));
        Assert.Equal(2, (await server.Admin.StatusAsync()).Revision);
        Assert.Equal(tokensBefore.Count, (await server.Admin.ListJoinTokensAsync()).Count);
        Assert.Empty(Directory.GetFiles(disk.Path, "*.tmp"));
        using (var http = new HttpClient { BaseAddress = server.Address })
        {
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Equal(5, Exposition.Value(metrics, "mesh_server_store_write_failures_total"));
        }

        disk.Free();

        Assert.Equal(3, (await server.Admin.ApplyAsync(Yaml.VirtualService("ratings", "v1"))).Revision);

        // The failed deregistration kept the lease, so the instance can still leave (or expire) normally.
        Assert.True(await server.Join.HeartbeatAsync(registered.InstanceId));
        await server.Join.DeregisterAsync(registered.InstanceId);
        Assert.Equal(0, (await server.Admin.StatusAsync()).Instances);
    }

    [RootFact]
    public async Task Start_WhenAnOpenTokenFileCannotBeTightened_RefusesAndSaysHowToFixIt()
    {
        using var disk = TmpfsMount.Create(256, "0700");
        await File.WriteAllTextAsync(disk.File("admin.token"), "admin-secret-0123456789\n");
        File.SetUnixFileMode(disk.File("admin.token"), (UnixFileMode)0b110_100_100); // 0644
        disk.RemountReadOnly();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => RunningServer.StartAsync(disk.Path));

        Assert.Contains(disk.File("admin.token") + " has mode 0644", ex.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", ex.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Start_WithAGivenCaKeyOnAReadOnlyMountOpenToOthers_WarnsAndServes()
    {
        // A Kubernetes secret is mounted read-only and 0644 by default: the operator's file, which the server can
        // neither tighten nor fix by refusing to start.
        using var disk = TmpfsMount.Create(256, "0755");
        using var data = new TempDirectory();
        var now = DateTimeOffset.UtcNow;
        var (root, rootKey) = Identity.TestCa.Root("Operator root", now);
        await File.WriteAllTextAsync(disk.File("ca-cert.pem"), root.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(disk.File("ca-key.pem"), rootKey.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(disk.File("ca-key.pem"), (UnixFileMode)0b110_100_100); // 0644
        disk.RemountReadOnly();

        using var server = await ServerProcess.StartAsync(data.Path, "--ca-cert", disk.File("ca-cert.pem"), "--ca-key", disk.File("ca-key.pem"));

        Assert.NotNull(server.Address);
        Assert.Contains(server.Output, line => line.Contains(disk.File("ca-key.pem") + " has mode 0644", StringComparison.Ordinal)
            && line.Contains("give it mode 0400 or 0440", StringComparison.Ordinal));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(disk.File("ca-key.pem")));
    }
}
