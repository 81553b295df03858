using System.Diagnostics;
using System.Globalization;
using Mesh.Client.Balancing;
using Mesh.Client.Http;
using Mesh.Client.Routing;
using Mesh.Client.Telemetry.Metrics;
using Mesh.Client.Telemetry.Tracing;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Telemetry;

/// <summary>
/// The telemetry of one outbound mesh request, from <see cref="MeshTelemetry.StartOutbound"/> to
/// <see cref="Complete"/>: one client span for the logical request (each attempt is an event on it, so retries
/// show as <c>mesh.attempt</c> events and <c>mesh.retry_count</c>), the Istio metrics with reporter=source, and
/// the access-log record. Created only when <see cref="MeshTelemetry.PrepareOutbound"/> says the request is observed.
/// </summary>
internal sealed class OutboundCall
{
    private readonly MeshTelemetry _telemetry;
    private readonly HttpRequestMessage _request;
    private readonly Uri _uri;
    private readonly string _serviceHost;
    private readonly long _start;
    private readonly Activity? _span;

    // The trace the request is sent in: Mesh's span, else the caller's activity when the call started. Read here
    // rather than at completion, whose thread may not carry the caller's context (a send that ends before the mesh
    // registers its continuation has it run on the thread pool, see MeshHandler.SendState.OnSent).
    private readonly Activity? _trace;
    private SubsetTarget? _target;
    private EndpointState? _endpoint;
    private bool _endpointAnswered;
    private int _attempts;
    private bool _completed;

    public OutboundCall(MeshTelemetry telemetry, HttpRequestMessage request, Uri uri, string serviceHost)
    {
        _telemetry = telemetry;
        _request = request;
        _uri = uri;
        _serviceHost = serviceHost;
        _start = telemetry.Time.GetTimestamp();

        if (MeshTracing.Source.HasListeners())
        {
            // A Mesh server span that was not sampled makes its outbound spans unsampled too; any other parent is
            // left to the listener's sampler.
            var parentNotSampled = Activity.Current is { } parent && parent.Source == MeshTracing.Source && !parent.Recorded;
            _span = MeshTracing.Start(request.Method.Method, ActivityKind.Client, default, parentNotSampled);
            if (_span is { IsAllDataRequested: true } span)
            {
                span.SetTag("http.request.method", request.Method.Method);
                span.SetTag("url.full", uri.AbsoluteUri);
                span.SetTag("server.address", uri.Host);
                span.SetTag("server.port", uri.Port);
                span.SetTag("mesh.destination.service", serviceHost);
            }
        }

        _trace = _span ?? Activity.Current;
        if (_trace is { } context && telemetry.Propagation != TracePropagation.None)
        {
            OutgoingTraceContext.Inject(request, context, telemetry.Propagation);
        }

        // Over HTTP/1.x the mesh's pool tells the callee who calls, once per connection (Http/PeerExchangeStream);
        // a request that may go over HTTP/2 carries it itself.
        if (telemetry.Istio.Enabled && request.Version.Major >= 2)
        {
            if (request.Headers.NonValidated.Contains(PeerMetadata.Header))
            {
                request.Headers.Remove(PeerMetadata.Header); // forwarded from this service's own caller: say who calls now
            }

            request.Headers.TryAddWithoutValidation(PeerMetadata.Header, telemetry.PeerHeaderValue);
        }
    }

    /// <summary>The route and destination were chosen.</summary>
    public void Routed(string? routeName, SubsetTarget target)
    {
        _target = target;
        if (_span is { IsAllDataRequested: true } span)
        {
            span.SetTag("mesh.route.name", routeName);
            span.SetTag("mesh.destination.subset", target.Subset);
        }
    }

    /// <summary>One attempt ended (with a response, or with <paramref name="error"/>).</summary>
    public void AttemptEnded(EndpointState endpoint, HttpResponseMessage? response, Exception? error)
    {
        _endpoint = endpoint;
        _endpointAnswered = response is not null;
        var attempt = Interlocked.Increment(ref _attempts);
        if (_span is { IsAllDataRequested: true } span)
        {
            span.AddEvent(new ActivityEvent("mesh.attempt", tags: new ActivityTagsCollection
            {
                { "mesh.attempt", attempt },
                { "network.peer.address", endpoint.Address },
                { "network.peer.port", endpoint.Port },
                { "http.response.status_code", response is null ? null : (int)response.StatusCode },
                { "error.type", error?.GetType().FullName },
            }));
        }
    }

    /// <summary>
    /// The request ended: <paramref name="response"/> is what the caller gets, or <paramref name="error"/> was
    /// thrown to it. Only the first call counts: an error handler further up the handler's path may see an
    /// exception after the place that threw it has completed the call.
    /// </summary>
    public void Complete(HttpResponseMessage? response, Exception? error)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        var elapsed = _telemetry.Time.GetElapsedTime(_start);
        var milliseconds = elapsed.TotalMilliseconds;
        var status = response is null ? 0 : (int)response.StatusCode;
        var flags = response is null ? IstioLabels.NoFlags : FlagsOf(response);

        if (_telemetry.Istio.Enabled)
        {
            // Only an endpoint that answered proved its identity: a refused handshake (UF) names no principal.
            var principal = _endpoint is not null && _endpointAnswered ? _target?.PeerPrincipalOf(_endpoint) : null;
            var labels = _telemetry.OutboundLabels(_serviceHost, _endpoint, principal, status, flags);
            _telemetry.Istio.Record(labels, milliseconds, _request.Content?.Headers.ContentLength ?? 0, ResponseLength(response));
        }

        if (_span is { } span)
        {
            if (span.IsAllDataRequested)
            {
                if (response is not null)
                {
                    span.SetTag("http.response.status_code", status);
                }

                span.SetTag("mesh.response_flags", flags);
                span.SetTag("mesh.retry_count", Math.Max(0, _attempts - 1));
                if (_endpoint is { } endpoint)
                {
                    span.SetTag("network.peer.address", endpoint.Address);
                    span.SetTag("network.peer.port", endpoint.Port);
                }

                if (error is not null || status >= 500)
                {
                    span.SetTag("error.type", error?.GetType().FullName ?? IstioLabels.Code(status));
                    span.SetStatus(ActivityStatusCode.Error);
                }
            }

            span.Stop();
        }

        if (_telemetry.AccessLogger is { } logger && _telemetry.AccessLog.Outbound && _telemetry.AccessLog.Admits(status, flags, error is not null) && logger.IsEnabled(LogLevel.Information))
        {
            // From the call's own start timestamp, on the same wall-clock anchor as the inbound record of the
            // request that made it (see WallClockAt), so that the call never seems to start first.
            var start = _telemetry.WallClockAt(_start);
            var path = _uri.PathAndQuery;
            var protocol = Protocol(_request.Version);
            var received = _request.Content?.Headers.ContentLength ?? 0;
            var sent = ResponseLength(response);
            var traceId = _trace?.TraceId.ToHexString() ?? "-";
            var requestId = RequestId(_request);
            AccessLogWriter.Log(logger, start, "outbound", _request.Method.Method, path, protocol, status, flags, received, sent, milliseconds,
                _uri.Authority, _endpoint?.Key ?? "-", _target?.Name ?? "-", "-", traceId, requestId);
        }
    }

    /// <summary>The mesh's response flags (<c>x-mesh-reason</c>), read without allocating in the usual single-flag case.</summary>
    internal static string FlagsOf(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues(ResponseFlags.Header, out var values) || values.Count == 0)
        {
            return IstioLabels.NoFlags;
        }

        return values.Count == 1 ? values.ToString() : string.Join(',', values);
    }

    /// <summary>
    /// The response's Content-Length, read as received: the typed <c>ContentLength</c> property would parse and
    /// store the header (an allocation per request), and this runs before the caller sees the response. 0 when
    /// absent (a chunked or streamed body).
    /// </summary>
    internal static long ResponseLength(HttpResponseMessage? response) =>
        response?.Content is { } content
        && content.Headers.NonValidated.TryGetValues("Content-Length", out var values)
        && values.Count == 1
        && long.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : 0;

    internal static string Protocol(Version version) => version.Major switch
    {
        2 => "HTTP/2",
        3 => "HTTP/3",
        _ => version.Minor == 0 ? "HTTP/1.0" : "HTTP/1.1",
    };

    private static string RequestId(HttpRequestMessage request) =>
        request.Headers.NonValidated.TryGetValues("x-request-id", out var values) ? values.ToString() : "-";
}
