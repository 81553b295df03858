using static Mesh.Client.Tests.Security.Authorization.Authz;

namespace Mesh.Client.Tests.Security.Authorization;

public class PrecedenceAndScopeTests
{
    private const string AllowAll = "rules:\n- {}";

    [Fact]
    public void Evaluate_NoPolicy_AllowsEverything()
    {
        var engine = Compile(Workload("reviews"));

        Assert.True(engine.IsEmpty);
        Assert.True(engine.Allows(Request("DELETE", "/anything")));
    }

    [Fact]
    public void Evaluate_DenyMatches_DeniesEvenWhenAnAllowPolicyMatchesToo()
    {
        var engine = Compile(Workload("reviews"),
            AuthzPolicy(AllowAll, "allow-all"),
            AuthzPolicy("action: DENY\nrules:\n- to:\n  - operation: {paths: [\"/admin*\"]}", "deny-admin"));

        var denied = engine.Evaluate(Request(path: "/admin/users"));

        Assert.False(denied.Allowed);
        Assert.Equal("default/deny-admin", denied.Policy);
        Assert.True(engine.Allows(Request(path: "/reviews/1")));
    }

    [Fact]
    public void Evaluate_OnlyDenyPolicies_AllowsWhatTheyDoNotMatch()
    {
        var engine = Compile(Workload("reviews"), AuthzPolicy("action: DENY\nrules:\n- to:\n  - operation: {methods: [DELETE]}"));

        Assert.False(engine.Allows(Request("DELETE")));
        Assert.True(engine.Allows(Request("GET")));
        Assert.True(engine.Allows(Request("POST")));
    }

    [Fact]
    public void Evaluate_AllowPoliciesPresent_RequestMatchingNoneIsDenied()
    {
        var engine = Compile(Workload("reviews"),
            AuthzPolicy("rules:\n- to:\n  - operation: {methods: [GET]}", "a"),
            AuthzPolicy("rules:\n- to:\n  - operation: {methods: [PUT]}", "b"));

        Assert.True(engine.Allows(Request("GET")));
        Assert.True(engine.Allows(Request("PUT")));
        Assert.False(engine.Allows(Request("POST")));
    }

    [Fact]
    public void Evaluate_EmptySpec_AllowsNothing()
    {
        var engine = Compile(Workload("reviews"), AuthzPolicy("{}"));

        Assert.False(engine.Allows(Request()));
    }

    [Fact]
    public void Evaluate_RuleWithNoFields_MatchesEveryRequest()
    {
        var engine = Compile(Workload("reviews"), AuthzPolicy(AllowAll));

        Assert.True(engine.Allows(Request("PATCH", "/x", ip: "192.0.2.1")));
    }

    [Fact]
    public void Evaluate_DenyWithEmptyRule_DeniesEverything()
    {
        var engine = Compile(Workload("reviews"), AuthzPolicy("action: DENY\nrules:\n- {}"));

        Assert.False(engine.Allows(Request()));
    }

    [Fact]
    public void Evaluate_AuditPolicy_ChangesNoDecision()
    {
        var engine = Compile(Workload("reviews"), AuthzPolicy("action: AUDIT\nrules:\n- to:\n  - operation: {methods: [GET]}"));

        Assert.True(engine.IsEmpty);
        Assert.True(engine.Allows(Request("POST")));
    }

    [Fact]
    public void Select_RootNamespaceWithoutSelector_AppliesMeshWide()
    {
        var policy = AuthzPolicy("action: DENY\nrules:\n- to:\n  - operation: {paths: [/debug]}", ns: "istio-system");

        Assert.False(Compile(Workload("reviews", ns: "default"), policy).Allows(Request(path: "/debug")));
        Assert.False(Compile(Workload("ratings", ns: "shop"), policy).Allows(Request(path: "/debug")));
    }

    [Fact]
    public void Select_RootNamespaceIsConfigurable()
    {
        var policy = AuthzPolicy("action: DENY\nrules:\n- {}", ns: "mesh-root");

        Assert.True(Compile(Workload("reviews"), policy).IsEmpty);
        Assert.False(Compile(Workload("reviews", rootNamespace: "mesh-root"), policy).Allows(Request()));
    }

    [Fact]
    public void Select_RootNamespaceWithSelector_AppliesToMatchingWorkloadsInEveryNamespace()
    {
        var policy = AuthzPolicy("selector:\n  matchLabels: {app: ratings}\naction: DENY\nrules:\n- {}", ns: "istio-system");

        Assert.False(Compile(Workload("ratings", ns: "shop"), policy).Allows(Request()));
        Assert.True(Compile(Workload("reviews", ns: "shop"), policy).IsEmpty);
    }

    [Fact]
    public void Select_NamespaceWide_AppliesToEveryWorkloadThereAndNowhereElse()
    {
        var policy = AuthzPolicy("action: DENY\nrules:\n- {}", ns: "shop");

        Assert.False(Compile(Workload("reviews", ns: "shop"), policy).Allows(Request()));
        Assert.False(Compile(Workload("ratings", ns: "shop"), policy).Allows(Request()));
        Assert.True(Compile(Workload("reviews", ns: "default"), policy).IsEmpty);
    }

    [Fact]
    public void Select_SelectorLabels_MustAllBeOnTheWorkload()
    {
        var policy = AuthzPolicy("selector:\n  matchLabels: {app: reviews, version: v2}\naction: DENY\nrules:\n- {}");

        Assert.True(Compile(Workload("reviews", version: "v1"), policy).IsEmpty);
        Assert.False(Compile(Workload("reviews", version: "v2"), policy).Allows(Request()));
        Assert.True(Compile(Workload("ratings", version: "v2"), policy).IsEmpty);
    }
}
