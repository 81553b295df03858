using Mesh.Client.Security;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Security;
using Mesh.Testing;

namespace Mesh.Client.Tests.Security;

/// <summary>
/// Istio's authentication task files (authn-policy and mtls-migration) parse, and resolve to what their task
/// pages describe. The mtls-migration files carry no namespace: the task applies them with <c>-n istio-system</c>
/// (the whole mesh) and <c>-n foo</c> (one namespace), and so do these tests.
/// </summary>
public class PeerAuthenticationConformanceTests
{
    private const string AuthnPolicy = "istio.io/extracted/security/authentication/authn-policy/";
    private const string Migration = "istio.io/extracted/security/authentication/mtls-migration/";
    private static readonly Dictionary<string, string> Httpbin = new(StringComparer.Ordinal) { ["app"] = "httpbin", ["version"] = "v1" };
    private static readonly Dictionary<string, string> Sleep = new(StringComparer.Ordinal) { ["app"] = "sleep", ["version"] = "v1" };

    /// <summary>Every PeerAuthentication file of both tasks (the others are RequestAuthentication and JWT rules, not Mesh's).</summary>
    [Fact]
    public void EveryPeerAuthenticationFile_ParsesWithoutWarnings()
    {
        var files = Conformance.Files(".yaml")
            .Where(f => f.Replace('\\', '/').Contains("security/authentication/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("kind: PeerAuthentication", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(7, files.Count);
        foreach (var file in files)
        {
            var result = PolicyParser.Parse(File.ReadAllText(file), file, new PolicyParseOptions { DefaultNamespace = "foo" });
            Assert.Empty(result.Diagnostics);
            Assert.IsType<PeerAuthentication>(Assert.Single(result.Resources));
        }
    }

    [Fact]
    public void GloballyStrict_EveryWorkloadIsStrict()
    {
        var resolver = Load((AuthnPolicy + "snip_globally_enabling_istio_mutual_tls_in_strict_mode_1.yaml", null));

        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("foo", Httpbin).Mode);
        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("legacy", Sleep).Mode);
    }

    [Fact]
    public void NamespaceWide_OnlyFooIsStrict()
    {
        var resolver = Load((AuthnPolicy + "snip_namespacewide_policy_1.yaml", null));

        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("foo", Httpbin).Mode);
        Assert.Equal(MutualTlsMode.Permissive, resolver.Resolve("bar", Httpbin).Mode);
    }

    [Fact]
    public void PerWorkload_OnlyHttpbinInBarIsStrict()
    {
        var resolver = Load((AuthnPolicy + "snip_enable_mutual_tls_per_workload_1.yaml", null));

        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("bar", Httpbin).Mode);
        Assert.Equal(MutualTlsMode.Permissive, resolver.Resolve("bar", Sleep).Mode);
        Assert.Equal(MutualTlsMode.Permissive, resolver.Resolve("foo", Httpbin).Mode);
    }

    [Fact]
    public void PerWorkloadWithPortLevel_Port8080AcceptsPlaintextOthersStrict()
    {
        var resolver = Load((AuthnPolicy + "snip_enable_mutual_tls_per_workload_4.yaml", null));
        var policy = resolver.Resolve("bar", Httpbin);

        Assert.Equal(MutualTlsMode.Disable, policy.ModeFor(8080));
        Assert.Equal(MutualTlsMode.Strict, policy.ModeFor(8000));
    }

    [Fact]
    public void PolicyPrecedence_WorkloadDisableOverridesNamespaceStrict()
    {
        var resolver = Load((AuthnPolicy + "snip_namespacewide_policy_1.yaml", null), (AuthnPolicy + "snip_policy_precedence_1.yaml", null));

        Assert.Equal(MutualTlsMode.Disable, resolver.Resolve("foo", Httpbin).Mode);
        Assert.Equal(MutualTlsMode.Strict, resolver.Resolve("foo", Sleep).Mode);
    }

    [Fact]
    public void MtlsMigration_LockDownByNamespace_ThenMeshWide()
    {
        var byNamespace = Load((Migration + "snip_lock_down_to_mutual_tls_by_namespace_1.yaml", "foo"));
        var meshWide = Load((Migration + "snip_lock_down_to_mutual_tls_by_namespace_1.yaml", "foo"), (Migration + "snip_lock_down_mutual_tls_for_the_entire_mesh_1.yaml", "istio-system"));

        Assert.Equal(MutualTlsMode.Strict, byNamespace.Resolve("foo", Httpbin).Mode);
        Assert.Equal(MutualTlsMode.Permissive, byNamespace.Resolve("bar", Httpbin).Mode); // still migrating: plaintext accepted
        Assert.Equal(MutualTlsMode.Strict, meshWide.Resolve("bar", Httpbin).Mode);
        Assert.Equal(MutualTlsMode.Strict, meshWide.Resolve("legacy", Sleep).Mode);
    }

    private static PeerAuthenticationResolver Load(params (string File, string? Namespace)[] files)
    {
        var resources = new List<MeshResource>();
        foreach (var (file, ns) in files)
        {
            var result = PolicyParser.Parse(File.ReadAllText(Conformance.File(file)), file, new PolicyParseOptions { DefaultNamespace = ns ?? "default" });
            Assert.False(result.HasErrors, file + ": " + string.Join("; ", result.Errors));
            resources.AddRange(result.Resources);
        }

        return new PeerAuthenticationResolver(resources, "istio-system");
    }
}
