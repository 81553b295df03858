using Mesh.Client.Inbound;
using Mesh.Client.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Security.Authorization;

/// <summary>
/// Applies the compiled authorization policy to each inbound request in <see cref="MeshMiddleware"/>. A denied
/// request gets 403 with Istio's body (<c>RBAC: access denied</c>), which says nothing about the policy; which policy
/// decided goes to the log only (denials at Debug; every decision at Information with
/// <see cref="MeshOptions.LogAuthorizationDecisions"/>) and a <c>mesh.decisions</c> count with reason
/// <see cref="MeshEvents.AuthorizationDenied"/>.
/// </summary>
internal sealed partial class InboundAuthorizer(MeshRuntime runtime, ILogger<InboundAuthorizer> logger)
{
    /// <summary>Istio's body for a request its RBAC filter denies.</summary>
    public const string DeniedBody = "RBAC: access denied";

    private static readonly byte[] DeniedBytes = System.Text.Encoding.ASCII.GetBytes(DeniedBody);
    private readonly bool _logAll = runtime.Options.LogAuthorizationDecisions;

    /// <summary>
    /// True when the request may go on. False when policy denies it: the decision is logged and counted, and the
    /// caller answers with <see cref="WriteDeniedAsync"/>.
    /// </summary>
    public bool IsAllowed(HttpContext context, MeshRequestContext mesh)
    {
        var engine = runtime.Authorization;
        if (engine.IsEmpty)
        {
            return true; // no policy applies: nothing to evaluate, nothing to log
        }

        var request = AuthorizationRequest.From(context, mesh.PeerPrincipal);
        var decision = engine.Evaluate(request);
        if (decision.Allowed)
        {
            if (_logAll)
            {
                LogAllowed(logger, request.Method, request.Path, mesh.PeerPrincipal ?? "(plaintext)", request.RemoteIp, decision.Policy ?? "(no ALLOW policy)", engine.Revision);
            }

            return true;
        }

        if (_logAll)
        {
            LogDeniedInformation(logger, request.Method, request.Path, mesh.PeerPrincipal ?? "(plaintext)", request.RemoteIp, decision.Policy ?? "(no ALLOW policy matched)", engine.Revision);
        }
        else
        {
            LogDenied(logger, request.Method, request.Path, mesh.PeerPrincipal ?? "(plaintext)", request.RemoteIp, decision.Policy ?? "(no ALLOW policy matched)", engine.Revision);
        }

        MeshEvents.Record(MeshEvents.AuthorizationDenied, mesh.Service);
        return false;
    }

    /// <summary>Answers a denied request: 403 and a body that reveals nothing about the policy.</summary>
    public static Task WriteDeniedAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "text/plain";
        response.ContentLength = DeniedBytes.Length;
        return response.Body.WriteAsync(DeniedBytes, context.RequestAborted).AsTask();
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Debug, Message = "Denied {Method} {Path} from {Principal} at {RemoteIp}: {Policy} (policy revision {Revision})")]
    private static partial void LogDenied(ILogger logger, string method, string path, string principal, System.Net.IPAddress? remoteIp, string policy, long revision);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Denied {Method} {Path} from {Principal} at {RemoteIp}: {Policy} (policy revision {Revision})")]
    private static partial void LogDeniedInformation(ILogger logger, string method, string path, string principal, System.Net.IPAddress? remoteIp, string policy, long revision);

    [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "Allowed {Method} {Path} from {Principal} at {RemoteIp}: {Policy} (policy revision {Revision})")]
    private static partial void LogAllowed(ILogger logger, string method, string path, string principal, System.Net.IPAddress? remoteIp, string policy, long revision);
}
