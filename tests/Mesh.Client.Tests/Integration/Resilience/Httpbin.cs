using Mesh.Testing;

namespace Mesh.Client.Tests.Integration.Resilience;

/// <summary>Istio's httpbin task setting: httpbin v1 and v2 registered with a real control server.</summary>
internal sealed class Httpbin : IAsyncDisposable
{
    private Httpbin(RunningServer server, Backend v1, Backend v2)
    {
        Server = server;
        V1 = v1;
        V2 = v2;
    }

    public RunningServer Server { get; }

    public Backend V1 { get; }

    public Backend V2 { get; }

    public static async Task<Httpbin> StartAsync(bool withV2 = true)
    {
        var server = await RunningServer.StartAsync();
        var v1 = await Backend.StartAsync("httpbin", "v1", server);
        var v2 = await Backend.StartAsync("httpbin", "v2", server);
        await Eventually.ValueAsync(async () => (await server.Admin.StatusAsync()).Instances, instances => instances >= 2, TimeSpan.FromSeconds(20), "backends did not register");

        if (!withV2)
        {
            await v2.DisposeAsync();
        }

        return new Httpbin(server, v1, v2);
    }

    public async Task<long> ApplyFileAsync(string conformancePath) =>
        (await Server.Admin.ApplyAsync(await File.ReadAllTextAsync(Conformance.File(conformancePath)))).Revision;

    public async ValueTask DisposeAsync()
    {
        await V1.DisposeAsync();
        await V2.DisposeAsync();
        await Server.DisposeAsync();
    }
}
