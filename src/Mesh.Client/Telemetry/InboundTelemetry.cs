using System.Diagnostics;
using Mesh.Client.Http;
using Mesh.Client.Inbound;
using Mesh.Client.Telemetry.Metrics;
using Mesh.Client.Telemetry.Tracing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Telemetry;

/// <summary>
/// The telemetry of requests this service receives: a server span whose parent is the caller's context
/// (W3C or B3 headers), current while the app handles the request so its outbound mesh calls are children; the
/// Istio metrics with reporter=destination; the access-log record.
/// </summary>
internal sealed class InboundTelemetry(MeshTelemetry telemetry)
{
    /// <summary>Whether an inbound request needs any telemetry work. A few field reads when off.</summary>
    public bool Enabled =>
        telemetry.Istio.Enabled || MeshTracing.Source.HasListeners() || (telemetry.AccessLogger is not null && telemetry.AccessLog.Inbound);

    public async Task InvokeAsync(HttpContext context, MeshRequestContext mesh, RequestDelegate next)
    {
        var request = context.Request;
        if (telemetry.ScrapePath is { } scrape && request.Path.Equals(scrape, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var start = telemetry.Time.GetTimestamp();
        Activity? span = null;
        if (MeshTracing.Source.HasListeners())
        {
            // With the caller's context the span is its child, and the caller's sampling decision holds; without,
            // it is a child of whatever activity is current (ASP.NET Core's, if something listens to it) or a root.
            var remote = IncomingTraceContext.TryExtract(request.Headers, out var parent, out var sampled);
            span = MeshTracing.Start(request.Method, ActivityKind.Server, remote ? parent : default, remote && sampled == false);
            if (span is { IsAllDataRequested: true })
            {
                span.SetTag("http.request.method", request.Method);
                span.SetTag("url.path", request.Path.Value);
                span.SetTag("url.scheme", request.Scheme);
                span.SetTag("server.address", request.Host.Host);
                span.SetTag("server.port", request.Host.Port ?? context.Connection.LocalPort);
                span.SetTag("network.peer.address", context.Connection.RemoteIpAddress?.ToString());
                span.SetTag("mesh.destination.service", telemetry.ServiceHost);
                span.SetTag("mesh.request_id", mesh.RequestId);
            }
        }

        Exception? error = null;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            Complete(context, mesh, span, start, error);
        }
    }

    private void Complete(HttpContext context, MeshRequestContext mesh, Activity? span, long start, Exception? error)
    {
        var elapsed = telemetry.Time.GetElapsedTime(start);
        var milliseconds = elapsed.TotalMilliseconds;
        var response = context.Response;
        var status = error is not null && !response.HasStarted ? 500 : response.StatusCode;
        var flags = response.Headers.TryGetValue(ResponseFlags.Header, out var f) && f.Count > 0 ? f.ToString() : IstioLabels.NoFlags;
        var request = context.Request;
        var peerHeader = mesh.PeerMetadata;

        if (telemetry.Istio.Enabled)
        {
            var labels = telemetry.InboundLabels(peerHeader, mesh.PeerPrincipal, status, flags);
            telemetry.Istio.Record(labels, milliseconds, request.ContentLength ?? 0, response.ContentLength ?? 0);
        }

        if (span is not null)
        {
            if (span.IsAllDataRequested)
            {
                span.SetTag("http.response.status_code", status);
                span.SetTag("mesh.peer.principal", mesh.PeerPrincipal);
                if (flags != IstioLabels.NoFlags)
                {
                    span.SetTag("mesh.response_flags", flags);
                }

                if (error is not null || status >= 500)
                {
                    span.SetTag("error.type", error?.GetType().FullName ?? IstioLabels.Code(status));
                    span.SetStatus(ActivityStatusCode.Error);
                }
            }

            span.Stop();
        }

        if (telemetry.AccessLogger is { } logger && telemetry.AccessLog.Inbound && telemetry.AccessLog.Admits(status, flags, error is not null) && logger.IsEnabled(LogLevel.Information))
        {
            var startTime = telemetry.WallClockAt(start);
            var path = request.QueryString.HasValue ? request.Path.Value + request.QueryString.Value : request.Path.Value ?? "/";
            var peerName = mesh.PeerPrincipal is { } principal ? IstioLabels.Principal(principal) : peerHeader ?? "-";
            var (method, protocol, authority) = (request.Method, request.Protocol, request.Host.Value ?? "-");
            var (received, sent) = (request.ContentLength ?? 0, response.ContentLength ?? 0);
            var traceId = (span ?? Activity.Current)?.TraceId.ToHexString() ?? "-";
            AccessLogWriter.Log(logger, startTime, "inbound", method, path, protocol, status, flags, received, sent, milliseconds,
                authority, "-", telemetry.ServiceHost, peerName, traceId, mesh.RequestId);
        }
    }
}
