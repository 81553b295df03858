using Mesh.Client.Security;

namespace Mesh.Client.Http;

/// <summary>
/// One endpoint's connection pool as <see cref="MeshTransport.For"/> hands it out: what requests are sent through,
/// and, when the mesh secures its connections, the connector that knows which peer they were made to.
/// </summary>
/// <param name="Invoker">Sends requests through the pool.</param>
/// <param name="Tls">The pool's TLS (mesh mTLS or origination), or null for plaintext.</param>
internal readonly record struct EndpointPool(HttpMessageInvoker Invoker, OutboundTlsConnector? Tls);
