using System.Globalization;
using System.Net;
using Mesh.Policy.Resources.Networking;
using Polly.Timeout;

namespace Mesh.Client.Resilience;

/// <summary>
/// A compiled <c>retryOn</c>: which outcomes of an attempt are retried, as Envoy reads the same string.
/// </summary>
internal sealed class RetryConditions
{
    // Flags and sets built once per route, read per attempt: no parsing or allocation on the request path.
    private readonly RetryTriggers _triggers;
    private readonly HashSet<int> _statusCodes = [];
    private readonly HashSet<int> _grpcStatuses = [];

    public RetryConditions(RetryOnConditions retryOn)
    {
        _triggers = retryOn.Triggers;

        // Mesh reads these two as a reset, as Envoy does for HTTP/1 and HTTP/2.
        if ((_triggers & (RetryTriggers.ResetBeforeRequest | RetryTriggers.Http3PostConnectFailure)) != 0)
        {
            _triggers |= RetryTriggers.Reset;
        }

        foreach (var code in retryOn.StatusCodes)
        {
            _statusCodes.Add(code); // Istio turns numeric entries into retriable status codes
        }

        AddGrpc(RetryTriggers.Cancelled, 1);
        AddGrpc(RetryTriggers.DeadlineExceeded, 4);
        AddGrpc(RetryTriggers.ResourceExhausted, 8);
        AddGrpc(RetryTriggers.Internal, 13);
        AddGrpc(RetryTriggers.Unavailable, 14);
    }

    private bool Any5xx => (_triggers & RetryTriggers.Any5xx) != 0;

    private bool GatewayError => (_triggers & RetryTriggers.GatewayError) != 0;

    private bool Reset => (_triggers & RetryTriggers.Reset) != 0;

    private bool RefusedStream => (_triggers & RetryTriggers.RefusedStream) != 0;

    private bool ConnectFailure => (_triggers & RetryTriggers.ConnectFailure) != 0;

    private bool Retriable4xx => (_triggers & RetryTriggers.Retriable4xx) != 0;

    /// <summary>True when a failed attempt with this outcome should be tried again.</summary>
    public bool ShouldRetry(HttpResponseMessage? response, Exception? exception)
    {
        if (exception is not null)
        {
            return exception switch
            {
                // A per-try timeout: Envoy retries it under 5xx, gateway-error and reset only.
                TimeoutRejectedException => Any5xx || GatewayError || Reset,
                HttpProtocolException { ErrorCode: 0x7 } => RefusedStream || Reset || Any5xx, // HTTP/2 REFUSED_STREAM
                // A failed TLS handshake (e.g. the server showed another identity) is a connect failure, as in Envoy.
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }
                    => ConnectFailure || Any5xx || GatewayError,
                HttpRequestException or IOException => Reset || Any5xx,
                _ => false,
            };
        }

        if (response is null)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        if (Any5xx && status >= 500)
        {
            return true;
        }

        if (GatewayError && response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
        {
            return true;
        }

        if (Retriable4xx && response.StatusCode == HttpStatusCode.Conflict)
        {
            return true;
        }

        if (_statusCodes.Contains(status))
        {
            return true;
        }

        return _grpcStatuses.Count > 0 && GrpcStatus(response) is { } grpc && _grpcStatuses.Contains(grpc);
    }

    private void AddGrpc(RetryTriggers trigger, int status)
    {
        if ((_triggers & trigger) != 0)
        {
            _grpcStatuses.Add(status);
        }
    }

    private static int? GrpcStatus(HttpResponseMessage response)
    {
        if (response.Headers.NonValidated.TryGetValues("grpc-status", out var values))
        {
            foreach (var value in values)
            {
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                {
                    return code;
                }
            }
        }

        return null;
    }
}
