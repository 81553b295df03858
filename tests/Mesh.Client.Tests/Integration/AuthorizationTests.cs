using System.Net;
using Mesh.Client.Tests.Security.Authorization;
using Mesh.Testing;

namespace Mesh.Client.Tests.Integration;

/// <summary>
/// AuthorizationPolicy enforced by a real meshed Kestrel service, called over real sockets on 127.0.0.1. Callers here
/// are plaintext (no peer principal): rules on principals are covered by the evaluator tests until mTLS lands.
/// </summary>
public class AuthorizationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task IstioTaskFiles_GetReachesProductPage_PostGets403WithGenericBody()
    {
        using var policy = new TempDirectory();
        await File.WriteAllTextAsync(policy.File("1-allow-nothing.yaml"), Authz.TaskFile(1));
        await File.WriteAllTextAsync(policy.File("2-productpage-viewer.yaml"), Authz.TaskFile(2));
        await using var productpage = await Backend.StartAsync("productpage", "v1", configure: o => o.PolicyFiles.Add(policy.Path));
        using var http = new HttpClient();

        using var get = await http.GetAsync(Url(productpage, "/productpage"));
        using var post = await http.PostAsync(Url(productpage, "/productpage"), new StringContent("x"));
        var denied = await post.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("productpage v1 /productpage", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("RBAC: access denied", denied);
        Assert.True(post.Headers.Contains("x-request-id"));
        Assert.Equal(1, productpage.Behavior.Requests); // the denied request never reached the application
    }

    [Fact]
    public async Task PrincipalRule_PlaintextCaller_IsDenied()
    {
        using var policy = new TempDirectory();
        await File.WriteAllTextAsync(policy.File("allow-nothing.yaml"), Authz.TaskFile(1));
        await File.WriteAllTextAsync(policy.File("details-viewer.yaml"), Authz.TaskFile(3));
        await using var details = await Backend.StartAsync("details", "v1", configure: o => o.PolicyFiles.Add(policy.Path));
        using var http = new HttpClient();

        using var response = await http.GetAsync(Url(details, "/details/0"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, details.Behavior.Requests);
    }

    [Fact]
    public async Task IpPathMethodAndHeaderRules_AreEnforcedOverRealSockets()
    {
        using var policy = new TempDirectory();
        await File.WriteAllTextAsync(policy.File("authz.yaml"), Authz.AuthzPolicy("""
            selector:
              matchLabels: {app: reviews}
            rules:
            - from:
              - source: {ipBlocks: ["127.0.0.0/8"]}
              to:
              - operation: {methods: [GET], paths: ["/api/*"]}
              when:
              - key: request.headers[x-user]
                values: ["team-*"]
            """, "api-readers") + "\n---\n" + Authz.AuthzPolicy("""
            action: DENY
            rules:
            - from:
              - source: {ipBlocks: ["127.0.0.1"]}
              to:
              - operation: {paths: ["/api/secret*"]}
            """, "no-secrets"));
        await using var reviews = await Backend.StartAsync("reviews", "v1", configure: o => o.PolicyFiles.Add(policy.Path));
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Get, Url(reviews, "/api/books?page=2"), "team-a"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, HttpMethod.Get, Url(reviews, "/api/books"), null));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, HttpMethod.Get, Url(reviews, "/api/books"), "guest"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, HttpMethod.Post, Url(reviews, "/api/books"), "team-a"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, HttpMethod.Get, Url(reviews, "/other"), "team-a"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, HttpMethod.Get, Url(reviews, "/api/secret/1"), "team-a"));
        Assert.Equal(1, reviews.Behavior.Requests);
    }

    [Fact]
    public async Task PolicyFileEdits_TakeEffectWithoutRestart()
    {
        using var policy = new TempDirectory();
        await using var ratings = await Backend.StartAsync("ratings", "v1", configure: o => o.PolicyFiles.Add(policy.Path));
        using var http = new HttpClient();
        var url = Url(ratings, "/ratings/0");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Post, url, null));

        // The port is known only now, so the policy names it after start: ports are the local port.
        await File.WriteAllTextAsync(policy.File("authz.yaml"), Authz.AuthzPolicy($$"""
            action: DENY
            rules:
            - to:
              - operation: {methods: [POST], ports: ["{{ratings.Port}}"]}
            """));
        await WaitForStatusAsync(http, HttpMethod.Post, url, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Get, url, null));

        await File.WriteAllTextAsync(policy.File("authz.yaml"), Authz.AuthzPolicy($$"""
            action: DENY
            rules:
            - to:
              - operation: {methods: [POST], notPorts: ["{{ratings.Port}}"]}
            """));
        await WaitForStatusAsync(http, HttpMethod.Post, url, HttpStatusCode.OK);

        await File.WriteAllTextAsync(policy.File("authz.yaml"), Authz.TaskFile(1));
        await WaitForStatusAsync(http, HttpMethod.Get, url, HttpStatusCode.Forbidden);

        File.Delete(policy.File("authz.yaml"));
        await WaitForStatusAsync(http, HttpMethod.Get, url, HttpStatusCode.OK);
    }

    [Fact]
    public async Task PolicyFromTheControlServer_IsEnforcedAndFollowsChanges()
    {
        await using var server = await RunningServer.StartAsync();
        await using var reviews = await Backend.StartAsync("reviews", "v1", server);
        using var http = new HttpClient();
        var url = Url(reviews, "/reviews/0");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Get, url, null));

        await server.Admin.ApplyAsync(Authz.AuthzPolicy("selector:\n  matchLabels: {app: reviews}\nrules:\n- to:\n  - operation: {methods: [POST]}", "post-only"));
        await WaitForStatusAsync(http, HttpMethod.Get, url, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, HttpMethod.Post, url, null));

        await server.Admin.DeleteAsync(Mesh.Policy.Resources.ResourceKinds.AuthorizationPolicy, "default", "post-only");
        await WaitForStatusAsync(http, HttpMethod.Get, url, HttpStatusCode.OK);
    }

    [Fact]
    public async Task MeshedClient_CallingADeniedRoute_Gets403WithoutRetrying()
    {
        using var policy = new TempDirectory();
        await File.WriteAllTextAsync(policy.File("deny.yaml"), Authz.AuthzPolicy("action: DENY\nrules:\n- to:\n  - operation: {paths: [\"/reviews/secret\"]}"));
        await using var reviews = await Backend.StartAsync("reviews", "v1", configure: o => o.PolicyFiles.Add(policy.Path));
        using var routing = new TempDirectory();
        await File.WriteAllTextAsync(routing.File("endpoints.yaml"), reviews.WorkloadEntryYaml());
        await using var client = await MeshedClient.StartAsync(o => o.PolicyFiles.Add(routing.Path));

        using var allowed = await client.Http.GetAsync(new Uri("http://reviews:9080/reviews/1"));
        using var denied = await client.Http.GetAsync(new Uri("http://reviews:9080/reviews/secret"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("RBAC: access denied", await denied.Content.ReadAsStringAsync());
        Assert.Equal(1, reviews.Behavior.Requests);
    }

    private static Uri Url(Backend backend, string path) => new($"http://127.0.0.1:{backend.Port}{path}");

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, HttpMethod method, Uri url, string? user)
    {
        using var request = new HttpRequestMessage(method, url);
        if (user is not null)
        {
            request.Headers.Add("x-user", user);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    // Policy reloads are asynchronous (a file watcher, a watch long-poll): poll until the new decision shows.
    private static async Task WaitForStatusAsync(HttpClient http, HttpMethod method, Uri url, HttpStatusCode expected) =>
        await Eventually.ValueAsync(() => StatusAsync(http, method, url, null), status => status == expected, Patience, $"{method} {url} never answered {(int)expected}");
}
