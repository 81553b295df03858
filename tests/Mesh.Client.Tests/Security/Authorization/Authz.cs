using System.Net;
using Mesh.Client.Security.Authorization;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Testing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Client.Tests.Security.Authorization;

/// <summary>Compiles policy YAML for a workload the way the runtime does, and builds requests, for evaluator tests.</summary>
internal static class Authz
{
    public const string AuthzHttp = "istio.io/extracted/security/authorization/authz-http/snip_configure_access_control_for_workloads_using_http_traffic_";

    public const string ProductPage = "cluster.local/ns/default/sa/bookinfo-productpage";
    public const string Reviews = "cluster.local/ns/default/sa/bookinfo-reviews";

    /// <summary>The Istio task's five files, in order: allow-nothing, productpage-, details-, reviews-, ratings-viewer.</summary>
    public static string TaskFile(int step) => File.ReadAllText(Conformance.File(AuthzHttp + step + ".yaml"));

    /// <summary>A workload labelled app=<paramref name="app"/>, version=v1.</summary>
    public static WorkloadScope Workload(string app, string ns = "default", string? serviceAccount = null, string version = "v1", string rootNamespace = "istio-system") =>
        new(ns, new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = app, ["version"] = version }, serviceAccount ?? app, rootNamespace, "cluster.local");

    public static IReadOnlyList<MeshResource> Parse(params string[] documents)
    {
        var result = PolicyParser.Parse(string.Join("\n---\n", documents));
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Errors));
        return result.Resources;
    }

    public static AuthorizationEngine Compile(WorkloadScope workload, params string[] documents) =>
        new AuthorizationCompiler(workload).Compile([.. Parse(documents)], revision: 1);

    /// <summary>An AuthorizationPolicy in <paramref name="ns"/> with the given spec (YAML, indented by the caller as under <c>spec:</c>).</summary>
    public static string AuthzPolicy(string spec, string name = "policy", string ns = "default") => $"""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: {name}
          namespace: {ns}
        spec:
        {Indent(spec)}
        """;

    public static AuthorizationRequest Request(
        string method = "GET",
        string path = "/",
        string? principal = null,
        string ip = "10.1.2.3",
        int port = 9080,
        string host = "reviews:9080",
        Dictionary<string, string>? headers = null,
        string? sni = null,
        string localIp = "10.9.9.9")
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers ?? [])
        {
            dictionary[name] = value;
        }

        return new AuthorizationRequest(principal, IPAddress.Parse(ip), IPAddress.Parse(localIp), port, method, path, host, dictionary, sni);
    }

    public static bool Allows(this AuthorizationEngine engine, AuthorizationRequest request) => engine.Evaluate(request).Allowed;

    private static string Indent(string text) =>
        string.Join('\n', text.Split('\n').Select(line => "  " + line));
}
