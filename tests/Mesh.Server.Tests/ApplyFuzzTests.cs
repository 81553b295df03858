using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Testing;

namespace Mesh.Server.Tests;

/// <summary>
/// Hostile and mutated bodies POSTed to a real server process's apply (and delete) endpoint: the process never
/// dies, never answers 5xx or hangs, a rejected request leaves the store exactly as it was, and every rejection names
/// a field, a position or a limit. A child process, so that a crash (a stack overflow cannot be caught) shows as one.
/// </summary>
public class ApplyFuzzTests
{
    private const int BaseSeed = 20_261_209;
    private const int MutationsPerFile = 2;

    // Generous: a hang fails the test; how fast an apply is, is not asserted.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ApplyAndDelete_HostileBodies_AreRejectedOrAppliedWholeWithoutCrashOr5xx()
    {
        var bodies = HostileInputs.All.ToList();

        // Past the server's body limit (4 MB): refused before parsing, naming the limit.
        bodies.Add(("a 5 MB body", Encoding.UTF8.GetBytes(new string('#', 5 * 1024 * 1024))));

        await RunAsync(bodies, ApiRoutes.Apply, ApiRoutes.Delete);
    }

    [Fact]
    public async Task Apply_MutatedConformanceFiles_AreRejectedOrAppliedWholeWithoutCrashOr5xx()
    {
        var bodies = new List<(string, byte[])>();
        var files = Conformance.Files(".yaml").ToList();
        for (var f = 0; f < files.Count; f++)
        {
            var text = await File.ReadAllTextAsync(files[f]);
            var mutator = new PolicyMutator(BaseSeed + f);
            for (var i = 0; i < MutationsPerFile; i++)
            {
                bodies.Add(($"{Path.GetFileName(files[f])}, seed {mutator.Seed}, mutation {i}", mutator.Mutate(text)));
            }
        }

        await RunAsync(bodies, ApiRoutes.Apply);
    }

    private static async Task RunAsync(List<(string Name, byte[] Body)> bodies, params string[] routes)
    {
        using var data = new TempDirectory();
        using var server = await ServerProcess.StartAsync(data.Path);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(data.File("admin.token"))).Trim());

        // As curl does for large bodies: the server's 413 for a body past its limit then arrives before the body is
        // sent. Without it the client may still be uploading when the server answers and closes, and sees the
        // connection reset instead of the answer (a race of TCP, not a fault of the server).
        http.DefaultRequestHeaders.ExpectContinue = true;

        // Something in the store for a rejected apply to leave alone.
        var seeded = await SendAsync(http, server, ApiRoutes.Apply, "seed", Encoding.UTF8.GetBytes(Yaml.Join(Yaml.DestinationRule("reviews", "v1", "v2"), Yaml.VirtualService("reviews", "v1"))));
        Assert.Equal(HttpStatusCode.OK, seeded.Status);

        foreach (var (bodyName, body) in bodies)
        {
            foreach (var route in routes)
            {
                await CheckAsync(http, server, route, $"{bodyName} (to {route})", body);
            }
        }

        Assert.False(server.HasExited, "the server process ended");
    }

    /// <summary>One body to one endpoint: no 5xx, and a rejection leaves the store as it was and says why.</summary>
    private static async Task CheckAsync(HttpClient http, ServerProcess server, string route, string name, byte[] body)
    {
        var before = await GetStoreAsync(http, server, name);
        var (status, text) = await SendAsync(http, server, route, name, body);

        Assert.True((int)status < 500, $"{(int)status} for {name} ({FuzzInvariants.Show(body)}): {text}");
        if (status == HttpStatusCode.OK)
        {
            return;
        }

        Assert.Equal(before, await GetStoreAsync(http, server, name));
        CheckRejection(JsonSerializer.Deserialize<ErrorResponse>(text, PolicySerializer.Options)!, name, body);
    }

    private static void CheckRejection(ErrorResponse error, string name, byte[] body)
    {
        Assert.False(string.IsNullOrWhiteSpace(error.Message), $"a rejection without a message for {name}");
        var diagnostics = error.Diagnostics ?? [];
        Assert.True(diagnostics.Count <= FuzzInvariants.MaxDiagnostics, $"{diagnostics.Count} diagnostics for {name}");
        foreach (var d in diagnostics)
        {
            if (d.IsError && !FuzzInvariants.NamesAFieldOrALimit(d))
            {
                Assert.Fail($"an error that names no field, position or limit for {name} ({FuzzInvariants.Show(body)}): {d}");
            }
        }

        // Without diagnostics, the message itself must say what limit or rule refused the body.
        if (diagnostics.Count == 0)
        {
            Assert.True(error.Message.Contains("larger than the server accepts", StringComparison.Ordinal) || error.Message.Contains("no resources", StringComparison.Ordinal), $"for {name}: {error.Message}");
        }
    }

    private static async Task<(HttpStatusCode Status, string Text)> SendAsync(HttpClient http, ServerProcess server, string route, string name, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var response = await GuardAsync(server, name, token => http.PostAsync(route, content, token));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The store as the API lists it: its revision and every resource, byte for byte.</summary>
    private static async Task<string> GetStoreAsync(HttpClient http, ServerProcess server, string name)
    {
        using var response = await GuardAsync(server, name, token => http.GetAsync(ApiRoutes.Resources, token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> GuardAsync(ServerProcess server, string name, Func<CancellationToken, Task<HttpResponseMessage>> send)
    {
        using var hang = new CancellationTokenSource(HangGuard);
        try
        {
            return await send(hang.Token);
        }
        catch (OperationCanceledException) when (hang.IsCancellationRequested)
        {
            Assert.Fail($"the server hung (no answer in {HangGuard.TotalSeconds} s) at {name}");
            throw;
        }
        catch (HttpRequestException ex)
        {
            Assert.Fail($"the server stopped answering at {name} (exited: {server.HasExited}{(server.HasExited ? ", code " + server.ExitCode : "")}): {ex.Message}");
            throw;
        }
    }
}
