using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Testing;

namespace Mesh.Server.Tests;

/// <summary>
/// What the apply and delete endpoints accept besides the policy itself: the dryRun flag and the body's type. A value
/// the server does not understand is refused before anything is written, never read as "false" or guessed at.
/// </summary>
public class ApplyRequestShapeTests
{
    [Theory]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData("1")]
    [InlineData("All")]
    [InlineData("")]
    public async Task Apply_DryRunSpelledAnyRecognisedWay_WritesNothing(string value)
    {
        await using var server = await RunningServer.StartAsync();
        using var http = AdminHttp(server);

        using var response = await http.PostAsync(ApiRoutes.Apply + "?dryRun=" + value, Yaml(Mesh.Server.Tests.Yaml.VirtualService("reviews", "v1")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await server.Admin.GetAsync(ResourceKinds.VirtualService, "default", "reviews"));
        Assert.Equal(0, (await server.Admin.ListAsync(null, null)).Revision);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("tru")]
    public async Task Apply_DryRunWithAnUnknownValue_Is400AndWritesNothing(string value)
    {
        await using var server = await RunningServer.StartAsync();
        using var http = AdminHttp(server);

        using var response = await http.PostAsync(ApiRoutes.Apply + "?dryRun=" + value, Yaml(Mesh.Server.Tests.Yaml.VirtualService("reviews", "v1")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("?dryRun=true or ?dryRun=false", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await server.Admin.GetAsync(ResourceKinds.VirtualService, "default", "reviews"));
    }

    [Fact]
    public async Task Delete_DryRunWithAnUnknownValue_Is400AndDeletesNothing()
    {
        await using var server = await RunningServer.StartAsync();
        await server.Admin.ApplyAsync(Mesh.Server.Tests.Yaml.VirtualService("reviews", "v1"));
        using var http = AdminHttp(server);

        using var response = await http.PostAsync(ApiRoutes.Delete + "?dryRun=yes", Yaml(Mesh.Server.Tests.Yaml.VirtualService("reviews", "v1")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(await server.Admin.GetAsync(ResourceKinds.VirtualService, "default", "reviews"));
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("application/x-yaml")]
    [InlineData("text/yaml; charset=utf-8")]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task Apply_YamlJsonOrNoContentType_IsAccepted(string? contentType)
    {
        await using var server = await RunningServer.StartAsync();
        using var http = AdminHttp(server);
        var body = contentType == "application/json"
            ? """{"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"reviews"},"spec":{"host":"reviews"}}"""
            : Mesh.Server.Tests.Yaml.VirtualService("reviews", "v1");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await http.PostAsync(ApiRoutes.Apply, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await server.Admin.ListAsync(null, null)).Revision);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("text/html")]
    [InlineData("application/yaml; charset=utf-16")]
    public async Task Apply_AnyOtherContentType_Is415NamingTheAcceptedTypes(string contentType)
    {
        await using var server = await RunningServer.StartAsync();
        using var http = AdminHttp(server);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Mesh.Server.Tests.Yaml.VirtualService("reviews", "v1")));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await http.PostAsync(ApiRoutes.Apply, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var message = await response.Content.ReadAsStringAsync();
        Assert.Contains("application/yaml", message, StringComparison.Ordinal);
        Assert.Contains("application/json", message, StringComparison.Ordinal);
        Assert.Equal(0, (await server.Admin.ListAsync(null, null)).Revision);
    }

    private static HttpClient AdminHttp(RunningServer server)
    {
        var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Server.AdminToken);
        return http;
    }

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");
}
