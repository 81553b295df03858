using Mesh.Policy.Resources;

namespace Mesh.Policy.Tests;

public class PolicyScopeTests
{
    private const string Root = PolicyScope.DefaultRootNamespace;

    private static readonly Dictionary<string, string> ReviewsV1 = new() { ["app"] = "reviews", ["version"] = "v1" };

    private static WorkloadSelector Selector(params (string Key, string Value)[] labels) =>
        new() { MatchLabels = labels.ToDictionary(l => l.Key, l => l.Value) };

    [Fact]
    public void DefaultRootNamespace_IsIstios()
    {
        Assert.Equal("istio-system", PolicyScope.DefaultRootNamespace);
    }

    [Fact]
    public void Matches_EveryLabelPresentWithItsValue_True()
    {
        Assert.True(Selector(("app", "reviews")).Matches(ReviewsV1));
        Assert.True(Selector(("app", "reviews"), ("version", "v1")).Matches(ReviewsV1));
    }

    [Fact]
    public void Matches_LabelMissingOrDifferent_False()
    {
        Assert.False(Selector(("app", "reviews"), ("version", "v2")).Matches(ReviewsV1));
        Assert.False(Selector(("tier", "backend")).Matches(ReviewsV1));
        Assert.False(Selector(("app", "Reviews")).Matches(ReviewsV1)); // values compare case-sensitively
    }

    [Fact]
    public void Matches_NoLabels_SelectsEveryWorkload()
    {
        Assert.True(new WorkloadSelector().Matches(ReviewsV1));
        Assert.True(Selector().Matches(ReviewsV1));
        Assert.True(WorkloadSelector.Matches(null, new Dictionary<string, string>()));
    }

    [Fact]
    public void AppliesTo_RootNamespaceWithoutSelector_AppliesMeshWide()
    {
        Assert.True(PolicyScope.AppliesTo(Root, null, "bookinfo", ReviewsV1, Root));
        Assert.True(PolicyScope.AppliesTo(Root, null, "other", new Dictionary<string, string>(), Root));
    }

    [Fact]
    public void AppliesTo_NamespaceWithoutSelector_AppliesToThatNamespaceOnly()
    {
        Assert.True(PolicyScope.AppliesTo("bookinfo", null, "bookinfo", ReviewsV1, Root));
        Assert.False(PolicyScope.AppliesTo("bookinfo", null, "other", ReviewsV1, Root));
    }

    [Fact]
    public void AppliesTo_WithSelector_MatchingWorkloadsOnly()
    {
        Assert.True(PolicyScope.AppliesTo("bookinfo", Selector(("version", "v1")), "bookinfo", ReviewsV1, Root));
        Assert.False(PolicyScope.AppliesTo("bookinfo", Selector(("version", "v2")), "bookinfo", ReviewsV1, Root));
        Assert.False(PolicyScope.AppliesTo("bookinfo", Selector(("version", "v1")), "other", ReviewsV1, Root));
    }

    [Fact]
    public void AppliesTo_ConfiguredRootNamespace_TakesThePlaceOfIstioSystem()
    {
        Assert.True(PolicyScope.AppliesTo("mesh-root", null, "bookinfo", ReviewsV1, "mesh-root"));
        Assert.False(PolicyScope.AppliesTo(Root, null, "bookinfo", ReviewsV1, "mesh-root"));
    }

    [Theory]
    [InlineData("bookinfo", "bookinfo", true)]
    [InlineData(Root, "bookinfo", true)]
    [InlineData("other", "bookinfo", false)]
    public void ReachesNamespace_OwnOrRoot(string policyNamespace, string workloadNamespace, bool expected)
    {
        Assert.Equal(expected, PolicyScope.ReachesNamespace(policyNamespace, workloadNamespace, Root));
    }
}
