namespace Mesh.Client.Routing;

/// <summary>The calling workload (this process): what sourceLabels and sourceNamespace matches are checked against.</summary>
/// <param name="Service">The service name.</param>
/// <param name="Namespace">The namespace; short host names resolve in it.</param>
/// <param name="Labels">The instance's labels.</param>
internal sealed record CallerIdentity(string Service, string Namespace, IReadOnlyDictionary<string, string> Labels);
