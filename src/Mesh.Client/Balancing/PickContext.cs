namespace Mesh.Client.Balancing;

/// <summary>What a load balancer may look at to pick an endpoint for one attempt.</summary>
/// <param name="Request">The outgoing request (headers, cookies and query for consistent hashing).</param>
/// <param name="Exclude">An endpoint to avoid when another is available: the one a retried attempt just failed on.</param>
/// <param name="SourceAddress">The caller's IP address, for <c>useSourceIp</c> hashing.</param>
internal readonly record struct PickContext(HttpRequestMessage Request, EndpointState? Exclude, string? SourceAddress);
