using System.Net;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests.Infrastructure;

/// <summary>
/// BookInfo one process per workload, as for realism: a control server (<c>--control-plane-only</c>) and the six
/// services (<c>--service NAME --version V --port 0</c>), all on free ports, all run from one temporary directory,
/// so that ./mesh-data (store and tokens) is there for the services' join token and for meshctl's admin token.
/// </summary>
#pragma warning disable CA1001 // xunit disposes fixtures through IAsyncLifetime.DisposeAsync, which disposes the fields
public sealed class BookInfoCluster : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly (string Service, string Version)[] Workloads =
        [("ratings", "v1"), ("details", "v1"), ("reviews", "v1"), ("reviews", "v2"), ("reviews", "v3"), ("productpage", "v1")];

    private readonly TempDirectory _directory = new();
    private readonly List<BookInfoProcess> _processes = [];
    private readonly Dictionary<string, Uri> _urls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BookInfoProcess> _workloads = new(StringComparer.Ordinal);
    private HttpClient? _adminHttp;

    public string WorkingDirectory => _directory.Path;

    public Uri ControlPlane { get; private set; } = null!;

    public Uri Productpage => _urls["productpage v1"];

    /// <summary>A client of the control server with the admin token it wrote into ./mesh-data.</summary>
    public ControlPlaneClient Admin { get; private set; } = null!;

    /// <summary>The address of a workload (<c>reviews v2</c>), for calling it directly.</summary>
    public Uri UrlOf(string workload) => _urls[workload];

    /// <summary>What a workload has written so far: its banner, warnings and access log.</summary>
    internal string OutputOf(string workload) => _workloads[workload].Output;

    public async Task InitializeAsync()
    {
        var controlPlane = Start("--control-plane-only", "--control-plane", "http://127.0.0.1:0");
        ControlPlane = await controlPlane.WaitForUrlAsync("control server");
        _adminHttp = new HttpClient { BaseAddress = ControlPlane, Timeout = TimeSpan.FromSeconds(30) };
        Admin = new ControlPlaneClient(_adminHttp, (await File.ReadAllTextAsync(Path.Combine(WorkingDirectory, "mesh-data", "admin.token"))).Trim());

        // All six at once; each prints its banner line once the control server lists it. With access logs, so that
        // a test can see what reached a workload (a mirror's copies).
        var services = Workloads.Select(w => (Name: w.Service + " " + w.Version, Process: Start("--service", w.Service, "--version", w.Version, "--port", "0", "--control-plane", ControlPlane.ToString(), "--access-log", "--trace-log"))).ToList();
        foreach (var (name, process) in services)
        {
            _urls[name] = await process.WaitForUrlAsync(name);
            _workloads[name] = process;
        }

        // Registered is not yet routable: wait until productpage's data plane knows details and reviews.
        using var page = PageClient.Anonymous(Productpage);
        await Eventually.TrueAsync(async () =>
        {
            var html = await page.GetPageAsync();
            return !html.Contains("Error fetching", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "productpage never showed details and reviews");
    }

    /// <summary>
    /// Puts the mesh in the state a test needs: no VirtualService and the subsets of destination-rule-all.yaml, then
    /// <paramref name="files"/> applied with meshctl; returns once productpage routes by them.
    /// </summary>
    public async Task ApplyAsync(params string[] files)
    {
        var (_, virtualServices) = await Admin.ListAsync(ResourceKinds.VirtualService, null);
        foreach (var vs in virtualServices)
        {
            await Admin.DeleteAsync(ResourceKinds.VirtualService, vs.Key.Namespace, vs.Key.Name);
        }

        await MeshCtlRunner.ApplyAsync(ControlPlane, WorkingDirectory, Files.DestinationRuleAll);

        var barrier = await SyncBarrier.RaiseAsync(this);
        foreach (var file in files)
        {
            await MeshCtlRunner.ApplyAsync(ControlPlane, WorkingDirectory, file);
        }

        await barrier.PassAsync();
    }

    /// <summary>
    /// Starts one more workload (details v2 for the egress lesson) in its own process, joined to this control server;
    /// the caller stops it (SIGTERM: it deregisters) before the next test.
    /// </summary>
    internal async Task<(BookInfoProcess Process, Uri Url)> StartWorkloadAsync(string service, string version, params string[] args)
    {
        var process = BookInfoProcess.Start(WorkingDirectory, ["--service", service, "--version", version, "--port", "0", "--control-plane", ControlPlane.ToString(), .. args]);
        try
        {
            return (process, await process.WaitForUrlAsync(service + " " + version));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>A status code from productpage's JSON API for reviews, sent with <paramref name="userAgent"/>.</summary>
    internal async Task<HttpStatusCode> ReviewsApiStatusAsync(string userAgent)
    {
        using var page = PageClient.Anonymous(Productpage);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products/0/reviews");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        using var response = await page.Http.SendAsync(request);
        return response.StatusCode;
    }

    public async Task DisposeAsync()
    {
        // Callers first, control server last, as a user would stop them; each stops on SIGTERM.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }

        _adminHttp?.Dispose();
        _directory.Dispose();
    }

    private BookInfoProcess Start(params string[] args)
    {
        var process = BookInfoProcess.Start(WorkingDirectory, args);
        _processes.Add(process);
        return process;
    }
}
