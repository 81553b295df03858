using System.Globalization;
using System.Net;
using Polly.Timeout;

namespace Mesh.Client.Resilience;

/// <summary>
/// A compiled <c>retryOn</c>: which outcomes of an attempt are retried, as Envoy reads the same string.
/// </summary>
internal sealed class RetryConditions
{
    /// <summary>Istio's conditions when a route says nothing about retries.</summary>
    public const string IstioDefault = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes,503";

    private readonly bool _any5xx;
    private readonly bool _gatewayError;
    private readonly bool _reset;
    private readonly bool _refusedStream;
    private readonly bool _connectFailure;
    private readonly bool _retriable4xx;
    private readonly HashSet<int> _statusCodes = [];
    private readonly HashSet<int> _grpcStatuses = [];

    public RetryConditions(string retryOn)
    {
        foreach (var raw in retryOn.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (raw)
            {
                case "5xx":
                    _any5xx = true;
                    break;
                case "gateway-error":
                    _gatewayError = true;
                    break;
                case "reset" or "reset-before-request" or "http3-post-connect-failure":
                    _reset = true;
                    break;
                case "refused-stream":
                    _refusedStream = true;
                    break;
                case "connect-failure":
                    _connectFailure = true;
                    break;
                case "retriable-4xx":
                    _retriable4xx = true;
                    break;
                case "retriable-status-codes":
                    break; // the codes themselves are the numeric entries (Istio adds this token for them)
                case "cancelled":
                    _grpcStatuses.Add(1);
                    break;
                case "deadline-exceeded":
                    _grpcStatuses.Add(4);
                    break;
                case "resource-exhausted":
                    _grpcStatuses.Add(8);
                    break;
                case "internal":
                    _grpcStatuses.Add(13);
                    break;
                case "unavailable":
                    _grpcStatuses.Add(14);
                    break;
                default:
                    if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                    {
                        // Istio turns numeric entries into retriable status codes.
                        _statusCodes.Add(code);
                    }

                    break;
            }
        }

    }

    /// <summary>True when a failed attempt with this outcome should be tried again.</summary>
    public bool ShouldRetry(HttpResponseMessage? response, Exception? exception)
    {
        if (exception is not null)
        {
            return exception switch
            {
                // A per-try timeout: Envoy retries it under 5xx, gateway-error and reset only.
                TimeoutRejectedException => _any5xx || _gatewayError || _reset,
                HttpProtocolException { ErrorCode: 0x7 } => _refusedStream || _reset || _any5xx, // HTTP/2 REFUSED_STREAM
                // A failed TLS handshake (e.g. the server showed another identity) is a connect failure, as in Envoy.
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }
                    => _connectFailure || _any5xx || _gatewayError,
                HttpRequestException or IOException => _reset || _any5xx,
                _ => false,
            };
        }

        if (response is null)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        if (_any5xx && status >= 500)
        {
            return true;
        }

        if (_gatewayError && response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
        {
            return true;
        }

        if (_retriable4xx && response.StatusCode == HttpStatusCode.Conflict)
        {
            return true;
        }

        if (_statusCodes.Contains(status))
        {
            return true;
        }

        return _grpcStatuses.Count > 0 && GrpcStatus(response) is { } grpc && _grpcStatuses.Contains(grpc);
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
