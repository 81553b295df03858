using Mesh.Client.Routing;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using static Mesh.Client.Tests.Routing.TestPolicies;

namespace Mesh.Client.Tests.Routing;

/// <summary>
/// Route guards may only ever say "cannot match": a guard that rejected a request its route matches would send the
/// request down another route. Checked over every pairing of match blocks and requests below, and through a
/// service's route walk against a walk without guards.
/// </summary>
public sealed class RouteGuardTests
{
    private static readonly string[] Names = ["end-user", "x-canary"];

    private static readonly HttpMatchRequest[] Blocks =
    [
        new() { Uri = new StringMatch { Exact = "/reviews" } },
        new() { Uri = new StringMatch { Exact = "/" } },
        new() { Uri = new StringMatch { Prefix = "/api/v2" } },
        new() { Uri = new StringMatch { Prefix = "/a" } },
        new() { Uri = new StringMatch { Regex = "/reviews/[0-9]+" } },
        new() { Uri = new StringMatch { Regex = "(/admin|/root)/.*" } },
        new() { Uri = new StringMatch { Exact = "/REVIEWS" }, IgnoreUriCase = true },
        new() { Uri = new StringMatch { Prefix = "/API" }, IgnoreUriCase = true },
        new() { Headers = new() { ["end-user"] = new StringMatch { Exact = "jason" } } },
        new() { Headers = new() { ["end-user"] = new StringMatch { Prefix = "tester-" } } },
        new() { Headers = new() { ["end-user"] = new StringMatch { Regex = "user[0-9]" } } },
        new() { Headers = new() { ["end-user"] = new StringMatch() } },
        new() { Headers = new() { ["x-canary"] = new StringMatch { Exact = "true" }, ["end-user"] = new StringMatch { Prefix = "j" } } },
        new() { Uri = new StringMatch { Prefix = "/api" }, Headers = new() { ["end-user"] = new StringMatch { Exact = "jason" } } },
        new() { Method = new StringMatch { Exact = "GET" } },
        new() { WithoutHeaders = new() { ["end-user"] = new StringMatch { Exact = "jason" } } },
    ];

    private static readonly string[] Paths = ["/", "/reviews", "/reviews/1", "/reviews/x", "/REVIEWS", "/api/v2/x", "/api/v1", "/API/v2", "/a", "/admin/x", "/root/", "/b"];

    private static readonly string?[] Users = [null, "", "jason", "jasonx", "j", "tester-1", "tester", "user1", "userx", "JASON"];

    private static readonly string?[] Canaries = [null, "true", "false"];

    [Fact]
    public void Guard_NeverRejectsARequestItsBlockMatches()
    {
        var rejected = 0;
        foreach (var block in Blocks)
        {
            var matcher = RequestMatcher.Create(block, Caller)!;
            matcher.BindHeaderSlots(Names);
            var guard = matcher.Guard();
            foreach (var request in Requests())
            {
                var uri = request.RequestUri!;
                var headers = new RequestHeaderValues(request, Names);
                var rejects = guard.Rejects(uri, ref headers);
                if (matcher.Matches(request, uri))
                {
                    Assert.False(rejects, $"the guard of block {Describe(block)} rejected {uri.AbsolutePath} with end-user '{Header(request, "end-user")}' and x-canary '{Header(request, "x-canary")}', which the block matches");
                }

                rejected += rejects ? 1 : 0;
            }
        }

        Assert.True(rejected > 0, "no guard rejected anything: the guards are not in use");
    }

    [Theory]
    [InlineData("/reviews", true, "/review", true)] // shorter than an exact literal
    [InlineData("/reviews", true, "/reviews/1", true)] // longer than an exact literal
    [InlineData("/reviews", true, "/xeviews", true)] // same length, another head
    [InlineData("/reviews", true, "/reviewz", false)] // same length and head: the full match decides (and fails)
    [InlineData("/api/v2", false, "/api/v2/more", false)]
    [InlineData("/api/v2", false, "/apx/v2/more", true)]
    [InlineData("/api/v2", false, "/api", true)] // shorter than a prefix
    public void Guard_OnPath_RejectsByLengthAndHead(string literal, bool exact, string path, bool rejected)
    {
        var match = exact ? new StringMatch { Exact = literal } : new StringMatch { Prefix = literal };
        var matcher = RequestMatcher.Create(new HttpMatchRequest { Uri = match }, Caller)!;
        var request = Get("http://reviews" + path);
        var headers = new RequestHeaderValues(request, []);

        Assert.Equal(rejected, matcher.Guard().Rejects(request.RequestUri!, ref headers));
    }

    [Fact]
    public void Guard_OnAbsentHeader_Rejects()
    {
        var matcher = RequestMatcher.Create(new HttpMatchRequest { Headers = new() { ["end-user"] = new StringMatch { Prefix = "tester-" } } }, Caller)!;
        matcher.BindHeaderSlots(Names);
        var request = Get("http://reviews/");
        var headers = new RequestHeaderValues(request, Names);

        Assert.True(matcher.Guard().Rejects(request.RequestUri!, ref headers));
    }

    [Fact]
    public void TryRoute_ChoosesWhatAWalkWithoutGuardsChooses()
    {
        var snapshot = Compile(Join(Workloads("reviews", "v1", "v2", "v3"), """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: { name: reviews }
            spec:
              host: reviews
              subsets:
              - { name: v1, labels: { version: v1 } }
              - { name: v2, labels: { version: v2 } }
              - { name: v3, labels: { version: v3 } }
            """, VirtualService(Blocks)));
        var service = Resolve(snapshot, "reviews");
        Assert.Contains(service.Guards, g => !g.Equals(RouteGuard.None));

        var routed = 0;
        foreach (var request in Requests())
        {
            var expected = service.Routes.FirstOrDefault(r => r.TryMatch(request, request.RequestUri!, out _));
            var chosen = service.TryRoute(request, request.RequestUri!, out var route, out _) ? route : null;
            Assert.Same(expected, chosen);
            routed += chosen is null ? 0 : 1;
        }

        Assert.True(routed > 0);
    }

    private static IEnumerable<HttpRequestMessage> Requests()
    {
        foreach (var path in Paths)
        {
            foreach (var user in Users)
            {
                foreach (var canary in Canaries)
                {
                    var request = Get("http://reviews.default.svc.cluster.local:9080" + path);
                    if (user is not null)
                    {
                        request.Headers.TryAddWithoutValidation("end-user", user);
                    }

                    if (canary is not null)
                    {
                        request.Headers.TryAddWithoutValidation("x-canary", canary);
                    }

                    yield return request;
                }
            }
        }
    }

    // Every block but the last as a route of its own, in order, each to a subset; a default route last.
    private static string VirtualService(HttpMatchRequest[] blocks)
    {
        var text = new System.Text.StringBuilder("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: { name: reviews }
            spec:
              hosts: [reviews]
              http:

            """);
        for (var i = 0; i < blocks.Length; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - name: r{i}\n    match:\n    - {Yaml(blocks[i])}\n    route:\n    - destination: {{ host: reviews, subset: v{(i % 3) + 1} }}\n");
        }

        return text.ToString();
    }

    private static string Yaml(HttpMatchRequest block)
    {
        var parts = new List<string>();
        if (block.Uri is { } uri)
        {
            parts.Add("uri: " + Yaml(uri));
        }

        if (block.IgnoreUriCase == true)
        {
            parts.Add("ignoreUriCase: true");
        }

        if (block.Method is { } method)
        {
            parts.Add("method: " + Yaml(method));
        }

        if (block.Headers is { } headers)
        {
            parts.Add("headers: { " + string.Join(", ", headers.Select(h => h.Key + ": " + Yaml(h.Value))) + " }");
        }

        if (block.WithoutHeaders is { } without)
        {
            parts.Add("withoutHeaders: { " + string.Join(", ", without.Select(h => h.Key + ": " + Yaml(h.Value))) + " }");
        }

        return "{ " + string.Join(", ", parts) + " }";
    }

    private static string Yaml(StringMatch match) =>
        match.Exact is { } exact ? $"{{ exact: \"{exact}\" }}"
        : match.Prefix is { } prefix ? $"{{ prefix: \"{prefix}\" }}"
        : match.Regex is { } regex ? $"{{ regex: \"{regex.Replace("\\", "\\\\", StringComparison.Ordinal)}\" }}"
        : "{}";

    private static string Describe(HttpMatchRequest block) => Yaml(block);

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
