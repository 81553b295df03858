using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Mesh.Policy.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Tests.Integration;

/// <summary>
/// Stands in for a control server newer than this client: a real Kestrel front on 127.0.0.1 that forwards every
/// request to a real server and, in its list and watch answers, gives each resource labelled <see cref="Label"/> a
/// spec field this client version does not know, as a newer server that accepted such a field would send it. (The
/// real server cannot be made to hold one: it validates with the client's own rules.)
/// </summary>
internal sealed class NewerServer : IAsyncDisposable
{
    /// <summary>The label that marks resources to serve as a newer server would.</summary>
    public const string Label = "mesh-test/newer";

    /// <summary>The field added to their spec.</summary>
    public const string NewerField = "newerField";

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;

    private NewerServer(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    public string Address => _app.Urls.First();

    public static async Task<NewerServer> StartAsync(Uri upstreamAddress)
    {
        var upstream = new HttpClient { BaseAddress = upstreamAddress, Timeout = TimeSpan.FromSeconds(90) };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context => ForwardAsync(context, upstream));
        await app.StartAsync();
        return new NewerServer(app, upstream);
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient upstream)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        using var response = await upstream.SendAsync(request, context.RequestAborted);
        var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        var path = context.Request.Path.Value;
        if (response.IsSuccessStatusCode && (path == ApiRoutes.Resources || path == ApiRoutes.Watch) && JsonNode.Parse(bytes) is JsonObject answer)
        {
            foreach (var resource in Resources(answer))
            {
                if (resource["metadata"]?["labels"]?[Label] is not null && resource["spec"] is JsonObject spec)
                {
                    spec[NewerField] = "what a newer server knows";
                }
            }

            bytes = System.Text.Encoding.UTF8.GetBytes(answer.ToJsonString());
        }

        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static IEnumerable<JsonObject> Resources(JsonObject answer)
    {
        foreach (var item in answer["items"] as JsonArray ?? [])
        {
            if (item is JsonObject resource)
            {
                yield return resource;
            }
        }

        foreach (var change in answer["events"] as JsonArray ?? [])
        {
            if (change?["resource"] is JsonObject resource)
            {
                yield return resource;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
