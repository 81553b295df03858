using System.Net;
using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Resilience;

/// <summary>A route's compiled fault injection: a delay and/or an abort, each applied to a share of requests.</summary>
internal sealed class FaultPolicy
{
    private static readonly Dictionary<string, int> GrpcCodes = new(StringComparer.Ordinal)
    {
        ["OK"] = 0, ["CANCELLED"] = 1, ["UNKNOWN"] = 2, ["INVALID_ARGUMENT"] = 3, ["DEADLINE_EXCEEDED"] = 4, ["NOT_FOUND"] = 5,
        ["ALREADY_EXISTS"] = 6, ["PERMISSION_DENIED"] = 7, ["RESOURCE_EXHAUSTED"] = 8, ["FAILED_PRECONDITION"] = 9, ["ABORTED"] = 10,
        ["OUT_OF_RANGE"] = 11, ["UNIMPLEMENTED"] = 12, ["INTERNAL"] = 13, ["UNAVAILABLE"] = 14, ["DATA_LOSS"] = 15, ["UNAUTHENTICATED"] = 16,
    };

    private FaultPolicy(HttpFaultInjection fault)
    {
        if (fault.Delay is { FixedDelay: { } delay } d)
        {
            Delay = delay.Value;
            DelayPercent = d.Percentage?.Value ?? 100;
        }

        if (fault.Abort is { } abort)
        {
            AbortPercent = abort.Percentage?.Value ?? 100;
            if (abort.GrpcStatus is { } grpc)
            {
                // A gRPC abort is an HTTP 200 carrying the status in grpc-status, as Envoy sends it.
                AbortStatus = HttpStatusCode.OK;
                GrpcStatus = GrpcCodes.GetValueOrDefault(grpc, 2);
            }
            else
            {
                AbortStatus = (HttpStatusCode)(abort.HttpStatus ?? 503);
            }
        }
    }

    public TimeSpan? Delay { get; }

    public double DelayPercent { get; }

    public HttpStatusCode? AbortStatus { get; }

    public int? GrpcStatus { get; }

    public double AbortPercent { get; }

    public static FaultPolicy? Create(HttpFaultInjection? fault) =>
        fault is null || (fault.Delay is null && fault.Abort is null) ? null : new FaultPolicy(fault);
}
