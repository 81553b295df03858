using Mesh.Client.Security;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Security;

namespace Mesh.Client.Tests.Security;

/// <summary>PeerAuthentication precedence as Istio defines it: workload selector over namespace over mesh-wide, port over workload, UNSET inherits.</summary>
public class PeerAuthenticationResolverTests
{
    private static readonly Dictionary<string, string> Httpbin = new(StringComparer.Ordinal) { ["app"] = "httpbin", ["version"] = "v1" };
    private static readonly Dictionary<string, string> Sleep = new(StringComparer.Ordinal) { ["app"] = "sleep" };

    [Fact]
    public void Resolve_NoPolicy_IsPermissive()
    {
        var resolver = new PeerAuthenticationResolver([], "istio-system");

        Assert.Equal(MutualTlsMode.Permissive, resolver.Resolve("foo", Httpbin).ModeFor(8000));
    }

    [Fact]
    public void Resolve_MeshWide_AppliesToEveryNamespace()
    {
        var resolver = Resolver(Policy("default", "istio-system", "STRICT"));

        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("foo", Httpbin).Mode);
        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("bar", Sleep).Mode);
    }

    [Fact]
    public void Resolve_SelectorLessPolicyOutsideTheRootNamespace_IsNamespaceWideOnly()
    {
        var resolver = Resolver(Policy("default", "foo", "STRICT"));

        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("foo", Sleep).Mode);
        Assert.Equal(MutualTlsMode.Permissive, resolver.Resolve("bar", Sleep).Mode);
    }

    [Fact]
    public void Resolve_NamespaceOverMesh_WorkloadOverNamespace()
    {
        var resolver = Resolver(
            Policy("default", "istio-system", "STRICT"),
            Policy("default", "foo", "PERMISSIVE"),
            Policy("httpbin", "foo", "DISABLE", selector: "httpbin"));

        Assert.Equal(MutualTlsMode.Disable, resolver.Resolve("foo", Httpbin).Mode);
        Assert.Equal(MutualTlsMode.Permissive, resolver.Resolve("foo", Sleep).Mode);
        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("bar", Httpbin).Mode);
    }

    [Fact]
    public void Resolve_Unset_InheritsFromTheLevelAbove()
    {
        var resolver = Resolver(
            Policy("default", "istio-system", "STRICT"),
            Policy("default", "foo", "UNSET"),
            Policy("httpbin", "foo", "UNSET", selector: "httpbin"));

        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("foo", Httpbin).Mode);
    }

    [Fact]
    public void Resolve_PortLevel_OverridesTheWorkloadModeOnThatPortOnly()
    {
        var resolver = Resolver(Policy("httpbin", "foo", "STRICT", selector: "httpbin", ports: "8080: {mode: DISABLE}\n    9090: {mode: UNSET}"));
        var policy = resolver.Resolve("foo", Httpbin);

        Assert.Equal(MutualTlsMode.Disable, policy.ModeFor(8080));
        Assert.Equal(MutualTlsMode.Strict, policy.ModeFor(9090)); // UNSET on a port follows the workload
        Assert.Equal(MutualTlsMode.Strict, policy.ModeFor(80));
    }

    [Fact]
    public void Resolve_PortLevelWithUnsetWorkloadMode_InheritsTheNamespaceModeForOtherPorts()
    {
        var resolver = Resolver(
            Policy("default", "foo", "STRICT"),
            Policy("httpbin", "foo", null, selector: "httpbin", ports: "8080: {mode: PERMISSIVE}"));
        var policy = resolver.Resolve("foo", Httpbin);

        Assert.Equal(MutualTlsMode.Permissive, policy.ModeFor(8080));
        Assert.Equal(MutualTlsMode.Strict, policy.ModeFor(80));
    }

    [Fact]
    public void Resolve_SeveralPoliciesAtOneLevel_TheOldestWins()
    {
        var resolver = Resolver(
            Policy("newer", "foo", "DISABLE", created: "2024-06-01T00:00:00Z"),
            Policy("older", "foo", "STRICT", created: "2024-01-01T00:00:00Z"));

        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("foo", Sleep).Mode);
    }

    [Fact]
    public void Resolve_SelectorInAnotherNamespace_DoesNotApply()
    {
        var resolver = Resolver(Policy("httpbin", "bar", "STRICT", selector: "httpbin"));

        Assert.Equal(MutualTlsMode.Permissive, resolver.Resolve("foo", Httpbin).Mode);
        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("bar", Httpbin).Mode);
    }

    [Fact]
    public void Resolve_ConfiguredRootNamespace_IsTheMeshWideScope()
    {
        var resources = new[] { Policy("default", "istio-system", "STRICT"), Policy("default", "mesh-root", "DISABLE") };

        Assert.Equal(MutualTlsMode.Disable, new PeerAuthenticationResolver(resources, "mesh-root").Resolve("foo", Sleep).Mode);
        Assert.Equal(MutualTlsMode.Strict, new PeerAuthenticationResolver(resources, "istio-system").Resolve("foo", Sleep).Mode);
    }

    internal static PeerAuthenticationResolver Resolver(params MeshResource[] resources) => new(resources, "istio-system");

    internal static MeshResource Policy(string name, string @namespace, string? mode, string? selector = null, string? ports = null, string? created = null)
    {
        var yaml = $"""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: {name}
              namespace: {@namespace}
            {(created is null ? "" : "  creationTimestamp: " + created)}
            spec:
            {(selector is null ? "" : "  selector: {matchLabels: {app: " + selector + "}}")}
            {(mode is null ? "" : "  mtls: {mode: " + mode + "}")}
            {(ports is null ? "" : "  portLevelMtls:\n    " + ports)}
            """;
        var result = PolicyParser.Parse(yaml);
        Assert.False(result.HasErrors, string.Join("; ", result.Errors));
        return Assert.Single(result.Resources);
    }
}
