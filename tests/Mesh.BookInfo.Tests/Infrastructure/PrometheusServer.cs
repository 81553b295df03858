using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mesh.Testing;

namespace Mesh.BookInfo.Tests.Infrastructure;

/// <summary>
/// A real Prometheus server (Debian package <c>prometheus</c>) on 127.0.0.1, scraping the given targets every
/// second, with its storage in a temporary directory; killed on dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, TempDirectory directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }

    /// <summary>What Prometheus wrote, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static PrometheusServer Start(IEnumerable<Uri> targets)
    {
        var directory = new TempDirectory();
        var config = new StringBuilder("""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
            - job_name: bookinfo
              metrics_path: /metrics
              static_configs:
              - targets:

            """);
        foreach (var target in targets)
        {
            config.Append("    - '").Append(target.Authority).Append("'\n");
        }

        var configFile = Path.Combine(directory.Path, "prometheus.yml");
        File.WriteAllText(configFile, config.ToString());
        var port = FreePort();
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory.Path,
        };
        foreach (var arg in (string[])[$"--config.file={configFile}", $"--storage.tsdb.path={Path.Combine(directory.Path, "data")}", $"--web.listen-address=127.0.0.1:{port}"])
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            directory.Dispose();
            throw new InvalidOperationException("prometheus is not installed: apt-get install -y prometheus (scripts/test.sh does it)", ex);
        }

        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>An instant query through the HTTP API: each series' labels and value.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(promql), UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused {promql}: {root}");
        }

        var results = new List<(Dictionary<string, string>, double)>();
        foreach (var series in root.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
            var value = double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            results.Add((labels, value));
        }

        return results;
    }

    /// <summary>True when Prometheus answers its readiness probe.</summary>
    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (InvalidOperationException)
        {
            // already exited
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
