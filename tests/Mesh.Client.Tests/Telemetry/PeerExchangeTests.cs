using System.Net;
using System.Text;
using Mesh.Client.Http;
using Mesh.Client.Telemetry.Metrics;
using Mesh.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Client.Tests.Telemetry;

/// <summary>
/// The caller's peer metadata goes once per HTTP/1.x connection: the stream that writes it into the first request,
/// and, over real sockets, a callee that labels every request on the connection with it.
/// </summary>
public sealed class PeerExchangeTests
{
    private const string Request = "GET /a HTTP/1.1\r\nHost: back\r\nend-user: x\r\n\r\n";
    private const string Line = "x-mesh-peer: front;v1;default\r\n";
    private const string Injected = "GET /a HTTP/1.1\r\n" + Line + "Host: back\r\nend-user: x\r\n\r\n";

    [Theory]
    [InlineData(new int[0])] // the whole request in one write, as SocketsHttpHandler writes it
    [InlineData(new[] { 16 })] // split between the request line's CR and LF
    [InlineData(new[] { 4, 10 })] // the request line over three writes
    [InlineData(new[] { 17 })] // split right after the request line
    [InlineData(new[] { 0, 5 })] // an empty write first
    public async Task TheLineGoesRightAfterTheFirstRequestLine_AndOnlyOnce(int[] splits)
    {
        foreach (var sync in new[] { false, true })
        {
            var sink = new MemoryStream();
            using var stream = new PeerExchangeStream(sink, PeerExchangeStream.HeaderLine("front;v1;default"));
            await WriteInPiecesAsync(stream, Request, splits, sync);
            Assert.True(stream.HasSent);
            await WriteInPiecesAsync(stream, Request, splits, sync); // the next request on the connection
            Assert.Equal(Injected + Request, Encoding.ASCII.GetString(sink.ToArray()));
        }
    }

    [Fact]
    public async Task NothingIsAdded_UntilTheRequestLineEnds()
    {
        var sink = new MemoryStream();
        using var stream = new PeerExchangeStream(sink, PeerExchangeStream.HeaderLine("front;v1;default"));
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /a-very-long-path"));
        Assert.False(stream.HasSent);
        Assert.Equal("GET /a-very-long-path", Encoding.ASCII.GetString(sink.ToArray()));
    }

    [Fact]
    public void HeaderLine_IsTheMeshPeerHeader()
    {
        Assert.Equal(Line, Encoding.ASCII.GetString(PeerExchangeStream.HeaderLine("front;v1;default")));
        Assert.StartsWith(PeerMetadata.Header + ": ", Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsOnOneConnection_AreAllLabelledWithTheCaller_WhichSaidSoOnce()
    {
        await using var mesh = await Chain.StartAsync("px1");
        const int Calls = 6;
        for (var i = 0; i < Calls; i++)
        {
            Assert.Equal(200, (int)(await mesh.CallFrontAsync("/start?ok=1")).StatusCode);
        }

        // Sequential calls reuse front's one connection to back: the header went with its first request only.
        var told = mesh.Back.App.Received.Count(h => h.ContainsKey(PeerMetadata.Header));
        Assert.InRange(told, 1, Calls - 1);
        Assert.Equal(Calls, mesh.Back.App.Received.Count);

        var back = await mesh.Back.App.ScrapeAsync();
        Assert.Equal(Calls, Exposition.Value(back, "istio_requests_total", ("reporter", "destination"), ("source_workload", "front-px1-v1"), ("source_app", "front-px1"), ("source_version", "v1"), ("response_code", "200")));
        Assert.Null(Exposition.Value(back, "istio_requests_total", ("reporter", "destination"), ("source_workload", "unknown")));
    }

    [Fact]
    public async Task AForwardedPeerHeader_DoesNotChangeWhoCallsOnTheConnection()
    {
        // front's meshed client sends back a request carrying some other caller's x-mesh-peer (an app that copies
        // its inbound headers): back still counts every request as front's, on the first request too.
        await using var mesh = await Chain.StartAsync("px2");
        var uri = new Uri($"http://{mesh.Back.App.Service}:{mesh.Back.App.Port}/back?ok=1");
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation(PeerMetadata.Header, "intruder;v9;elsewhere");
            using var response = await mesh.Front.App.Http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }

        var back = await mesh.Back.App.ScrapeAsync();
        Assert.Equal(4, Exposition.Value(back, "istio_requests_total", ("reporter", "destination"), ("source_workload", "front-px2-v1")));
        Assert.Null(Exposition.Value(back, "istio_requests_total", ("source_app", "intruder")));
    }

    [Fact]
    public async Task OverHttp2_EachRequestCarriesTheHeader_AndIsLabelledWithTheCaller()
    {
        // HTTP/2 (cleartext, prior knowledge) has no request line to extend: a caller that records metrics sends the
        // header with every request, and the callee reads it per request.
        using var policy = new TempDirectory();
        await using var back = await TelemetryApp.StartAsync("back-px3", "v1", policy.Path, protocols: HttpProtocols.Http2);
        await using var front = await TelemetryApp.StartAsync("front-px3", "v1", policy.Path);
        await TelemetryApp.WritePolicyAsync(policy, "apps.yaml", front.WorkloadEntry() + back.WorkloadEntry());
        await front.WaitForAsync("back-px3");

        var uri = new Uri($"http://back-px3:{back.Port}/back");
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var response = await front.Http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(HttpVersion.Version20, response.Version);
        }

        Assert.Equal(3, back.Received.Count);
        Assert.All(back.Received, h => Assert.Equal("front-px3;v1;default", h[PeerMetadata.Header].ToString()));
        var scraped = await ScrapeHttp2Async(back.Port);
        Assert.Equal(3, Exposition.Value(scraped, "istio_requests_total", ("reporter", "destination"), ("source_workload", "front-px3-v1")));
    }

    private static async Task<string> ScrapeHttp2Async(int port)
    {
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
    }

    private static async Task WriteInPiecesAsync(Stream stream, string text, int[] splits, bool sync)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var start = 0;
        foreach (var end in splits.Append(bytes.Length))
        {
            if (sync)
            {
                stream.Write(bytes, start, end - start);
            }
            else
            {
                await stream.WriteAsync(bytes.AsMemory(start, end - start));
            }

            start = end;
        }
    }
}
