using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.BookInfo.Tests.Infrastructure;

/// <summary>
/// A stand-in for www.googleapis.com on 127.0.0.1 (the tests run offline): the Books API answer that details v2
/// reads, in Google's shape, with values of its own so that a test can tell where the details came from.
/// </summary>
internal sealed class FakeBooksApi : IAsyncDisposable
{
    public const string Answer = """
        {"kind":"books#volumes","totalItems":1,"items":[{"kind":"books#volume","volumeInfo":{
          "title":"The Comedy of Errors","authors":["William Shakespeare"],"publisher":"Stand-in Books","publishedDate":"2002",
          "industryIdentifiers":[{"type":"ISBN_13","identifier":"9780486424613"},{"type":"ISBN_10","identifier":"0486424618"}],
          "pageCount":96,"printType":"BOOK","language":"en"}}]}
        """;

    private readonly WebApplication _app;

    private FakeBooksApi(WebApplication app, ConcurrentQueue<string> hosts)
    {
        _app = app;
        Hosts = hosts;
        Port = new Uri(app.Urls.First()).Port;
    }

    public int Port { get; }

    /// <summary>The Host header of every request it got: the name the caller used, through the mesh.</summary>
    public ConcurrentQueue<string> Hosts { get; }

    public static async Task<FakeBooksApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var hosts = new ConcurrentQueue<string>();
        app.MapGet("/books/v1/volumes", (HttpContext context) =>
        {
            hosts.Enqueue(context.Request.Host.Host);
            return Results.Text(Answer, "application/json");
        });
        await app.StartAsync();
        return new FakeBooksApi(app, hosts);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
