using static Mesh.Client.Tests.Security.Authorization.Authz;

namespace Mesh.Client.Tests.Security.Authorization;

/// <summary>
/// Istio's "HTTP traffic" authorization task, with its own files, evaluated for each BookInfo workload as the task
/// page describes (the services call each other with their bookinfo-* service accounts).
/// </summary>
public class AuthzHttpConformanceTests
{
    private static readonly string[] Apps = ["productpage", "details", "reviews", "ratings"];

    [Fact]
    public void AllowNothing_DeniesEveryRequestToEveryWorkloadInTheNamespace()
    {
        foreach (var app in Apps)
        {
            var engine = Compile(Workload(app), TaskFile(1));

            Assert.False(engine.Allows(Request()), app);
            Assert.False(engine.Allows(Request(principal: ProductPage)), app);
            Assert.False(engine.Allows(Request("POST", "/reviews/0", principal: Reviews)), app);
        }
    }

    [Fact]
    public void AllowNothing_DoesNotReachAnotherNamespace()
    {
        var engine = Compile(Workload("productpage", ns: "foo"), TaskFile(1));

        Assert.True(engine.IsEmpty);
        Assert.True(engine.Allows(Request()));
    }

    [Fact]
    public void ProductPageViewer_LetsGetIntoProductPageButNotPost()
    {
        var engine = Compile(Workload("productpage"), TaskFile(1), TaskFile(2));

        Assert.True(engine.Allows(Request("GET", "/productpage")));
        Assert.True(engine.Allows(Request("GET", "/productpage", principal: Reviews)));
        Assert.False(engine.Allows(Request("POST", "/productpage")));
        Assert.False(engine.Allows(Request("DELETE", "/productpage")));
    }

    [Fact]
    public void ProductPageViewer_DoesNotOpenDetailsOrReviews()
    {
        foreach (var app in new[] { "details", "reviews", "ratings" })
        {
            var engine = Compile(Workload(app), TaskFile(1), TaskFile(2));

            Assert.False(engine.Allows(Request("GET", "/details/0", principal: ProductPage)), app);
        }
    }

    [Fact]
    public void ProductPageViewer_Alone_LeavesOtherWorkloadsOpen()
    {
        var details = Compile(Workload("details"), TaskFile(2));

        Assert.True(details.IsEmpty);
        Assert.True(details.Allows(Request("POST", "/anything")));
    }

    [Theory]
    [InlineData(3, "details")]
    [InlineData(4, "reviews")]
    public void Viewer_AllowsGetFromProductPageOnly(int step, string app)
    {
        var engine = Compile(Workload(app), TaskFile(1), TaskFile(2), TaskFile(step));

        Assert.True(engine.Allows(Request("GET", "/" + app + "/0", principal: ProductPage)));
        Assert.False(engine.Allows(Request("POST", "/" + app + "/0", principal: ProductPage)));
        Assert.False(engine.Allows(Request("GET", "/" + app + "/0", principal: Reviews)));
        Assert.False(engine.Allows(Request("GET", "/" + app + "/0", principal: "cluster.local/ns/other/sa/bookinfo-productpage")));
        Assert.False(engine.Allows(Request("GET", "/" + app + "/0")), "a plaintext caller has no principal");
    }

    [Fact]
    public void RatingsViewer_AllowsGetFromReviewsOnly()
    {
        var engine = Compile(Workload("ratings"), TaskFile(1), TaskFile(2), TaskFile(3), TaskFile(4), TaskFile(5));

        Assert.True(engine.Allows(Request("GET", "/ratings/0", principal: Reviews)));
        Assert.False(engine.Allows(Request("GET", "/ratings/0", principal: ProductPage)));
        Assert.False(engine.Allows(Request("POST", "/ratings/0", principal: Reviews)));
    }

    [Fact]
    public void AllFiveApplied_EveryBookInfoCallIsAllowedAndNothingElse()
    {
        string[] files = [TaskFile(1), TaskFile(2), TaskFile(3), TaskFile(4), TaskFile(5)];
        var productpage = Compile(Workload("productpage"), files);
        var details = Compile(Workload("details"), files);
        var reviews = Compile(Workload("reviews", version: "v3"), files);
        var ratings = Compile(Workload("ratings"), files);

        // The calls the page makes.
        Assert.True(productpage.Allows(Request("GET", "/productpage")));
        Assert.True(details.Allows(Request("GET", "/details/0", principal: ProductPage)));
        Assert.True(reviews.Allows(Request("GET", "/reviews/0", principal: ProductPage)));
        Assert.True(ratings.Allows(Request("GET", "/ratings/0", principal: Reviews)));

        // And nothing else.
        Assert.False(ratings.Allows(Request("GET", "/ratings/0", principal: ProductPage)));
        Assert.False(details.Allows(Request("GET", "/details/0")));
    }

    [Fact]
    public void Decision_NamesThePolicyThatAllowed_ForTheLog()
    {
        var engine = Compile(Workload("productpage"), TaskFile(1), TaskFile(2));

        Assert.Equal("default/productpage-viewer", engine.Evaluate(Request()).Policy);
        Assert.Null(engine.Evaluate(Request("POST")).Policy);
    }
}
