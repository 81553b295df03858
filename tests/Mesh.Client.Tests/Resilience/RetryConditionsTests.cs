using System.Net;
using Mesh.Client.Resilience;
using Mesh.Policy.Resources.Networking;
using Polly.Timeout;

namespace Mesh.Client.Tests.Resilience;

public class RetryConditionsTests
{
    [Theory]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(599, true)]
    [InlineData(499, false)]
    [InlineData(404, false)]
    [InlineData(200, false)]
    public void ShouldRetry_5xx_RetriesEveryServerError(int status, bool expected) =>
        Assert.Equal(expected, Conditions("5xx").ShouldRetry(Response(status), null));

    [Theory]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(500, false)]
    [InlineData(501, false)]
    [InlineData(429, false)]
    public void ShouldRetry_GatewayError_RetriesOnly502To504(int status, bool expected) =>
        Assert.Equal(expected, Conditions("gateway-error").ShouldRetry(Response(status), null));

    [Theory]
    [InlineData(409, true)]
    [InlineData(400, false)]
    [InlineData(429, false)]
    [InlineData(503, false)]
    public void ShouldRetry_Retriable4xx_RetriesOnlyConflict(int status, bool expected) =>
        Assert.Equal(expected, Conditions("retriable-4xx").ShouldRetry(Response(status), null));

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(500)]
    public void ShouldRetry_RetriableStatusCodesWithoutCodes_RetriesNothing(int status) =>
        Assert.False(Conditions("retriable-status-codes").ShouldRetry(Response(status), null));

    [Fact]
    public void ShouldRetry_IstioDefault_Retries503Only()
    {
        var conditions = Conditions(RetryOnConditions.IstioDefault);

        Assert.True(conditions.ShouldRetry(Response(503), null));
        Assert.False(conditions.ShouldRetry(Response(500), null));
        Assert.False(conditions.ShouldRetry(Response(502), null));
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, false)] // listed codes replace the 503 default
    [InlineData(500, false)]
    public void ShouldRetry_NumericCodes_RetriesExactlyThoseCodes(int status, bool expected) =>
        Assert.Equal(expected, Conditions("retriable-status-codes,429,502").ShouldRetry(Response(status), null));

    [Theory]
    [InlineData(429, true)]
    [InlineData(503, false)]
    public void ShouldRetry_NumericCodesAlone_EnableRetriableStatusCodes(int status, bool expected) =>
        Assert.Equal(expected, Conditions("429").ShouldRetry(Response(status), null));

    [Fact]
    public void ShouldRetry_SpacesAroundTokens_AreIgnored()
    {
        var conditions = Conditions(" retriable-4xx , 429 ");

        Assert.True(conditions.ShouldRetry(Response(409), null));
        Assert.True(conditions.ShouldRetry(Response(429), null));
    }

    [Theory]
    [InlineData("cancelled", "1")]
    [InlineData("deadline-exceeded", "4")]
    [InlineData("resource-exhausted", "8")]
    [InlineData("internal", "13")]
    [InlineData("unavailable", "14")]
    public void ShouldRetry_GrpcCondition_RetriesItsGrpcStatus(string retryOn, string grpcStatus)
    {
        var conditions = Conditions(retryOn);

        Assert.True(conditions.ShouldRetry(Grpc(grpcStatus), null));
        Assert.False(conditions.ShouldRetry(Grpc("0"), null));
        Assert.False(conditions.ShouldRetry(Grpc("2"), null)); // UNKNOWN is in no condition
        Assert.False(conditions.ShouldRetry(Response(200), null)); // no grpc-status header
    }

    [Fact]
    public void ShouldRetry_GrpcStatusWithoutGrpcCondition_IsNotRetried()
    {
        Assert.False(Conditions("5xx,connect-failure").ShouldRetry(Grpc("14"), null));
    }

    [Fact]
    public void ShouldRetry_MalformedGrpcStatus_IsNotRetried()
    {
        Assert.False(Conditions("unavailable").ShouldRetry(Grpc("fourteen"), null));
    }

    [Theory]
    [InlineData("connect-failure", true)]
    [InlineData("5xx", true)]
    [InlineData("gateway-error", true)]
    [InlineData("reset", false)]
    [InlineData("retriable-4xx", false)]
    [InlineData("retriable-status-codes", false)]
    public void ShouldRetry_ConnectionError_CountsAsConnectFailure(string retryOn, bool expected)
    {
        var error = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");

        Assert.Equal(expected, Conditions(retryOn).ShouldRetry(null, error));
    }

    [Fact]
    public void ShouldRetry_NameResolutionError_CountsAsConnectFailure()
    {
        var error = new HttpRequestException(HttpRequestError.NameResolutionError, "no such host");

        Assert.True(Conditions("connect-failure").ShouldRetry(null, error));
        Assert.False(Conditions("reset").ShouldRetry(null, error));
    }

    public static TheoryData<Exception> Resets => new()
    {
        new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely"),
        new HttpRequestException("An error occurred while sending the request"),
        new HttpRequestException(HttpRequestError.HttpProtocolError, "stream reset"),
        new IOException("Connection reset by peer"),
    };

    [Theory]
    [MemberData(nameof(Resets))]
    public void ShouldRetry_OtherTransportErrors_CountAsReset(Exception error)
    {
        Assert.True(Conditions("reset").ShouldRetry(null, error));
        Assert.True(Conditions("5xx").ShouldRetry(null, error));
        Assert.False(Conditions("connect-failure").ShouldRetry(null, error));
        Assert.False(Conditions("gateway-error,retriable-4xx").ShouldRetry(null, error));
    }

    [Theory]
    [InlineData("5xx", true)]
    [InlineData("gateway-error", true)]
    [InlineData("reset", true)]
    [InlineData("connect-failure", false)]
    [InlineData("retriable-4xx", false)]
    public void ShouldRetry_PerTryTimeout_IsRetriedUnder5xxGatewayErrorAndResetOnly(string retryOn, bool expected)
    {
        // Envoy treats a per-try timeout as a 504 with a reset: only those conditions retry it.
        Assert.Equal(expected, Conditions(retryOn).ShouldRetry(null, new TimeoutRejectedException()));
    }

    [Fact]
    public void ShouldRetry_OtherExceptions_AreNotRetried()
    {
        var conditions = Conditions("5xx,reset,connect-failure,gateway-error");

        Assert.False(conditions.ShouldRetry(null, new OperationCanceledException()));
        Assert.False(conditions.ShouldRetry(null, new InvalidOperationException()));
    }

    [Fact]
    public void ShouldRetry_NoResponseAndNoException_IsFalse()
    {
        Assert.False(Conditions("5xx").ShouldRetry(null, null));
    }

    [Fact]
    public void ShouldRetry_EmptyRetryOn_RetriesNothing()
    {
        var conditions = Conditions("");

        Assert.False(conditions.ShouldRetry(Response(503), null));
        Assert.False(conditions.ShouldRetry(null, new HttpRequestException(HttpRequestError.ConnectionError)));
        Assert.False(conditions.ShouldRetry(null, new IOException()));
    }

    [Fact]
    public void ShouldRetry_UnknownToken_IsIgnored()
    {
        var conditions = Conditions("no-such-condition,retriable-4xx");

        Assert.True(conditions.ShouldRetry(Response(409), null));
        Assert.False(conditions.ShouldRetry(Response(503), null));
    }

    [Theory]
    [InlineData(503, null, true)]
    [InlineData(500, null, false)]
    [InlineData(502, null, false)]
    [InlineData(409, null, false)]
    [InlineData(200, "14", true)] // unavailable
    [InlineData(200, "1", true)] // cancelled
    [InlineData(200, "4", false)] // deadline-exceeded is not a default
    public void ShouldRetry_IstioDefault_RetriesItsConditionsOnly(int status, string? grpcStatus, bool expected)
    {
        var response = grpcStatus is null ? Response(status) : Grpc(grpcStatus, status);

        Assert.Equal(expected, Conditions(RetryOnConditions.IstioDefault).ShouldRetry(response, null));
    }

    [Fact]
    public void ShouldRetry_IstioDefaultOnConnectionError_IsRetried()
    {
        Assert.True(Conditions(RetryOnConditions.IstioDefault).ShouldRetry(null, new HttpRequestException(HttpRequestError.ConnectionError)));
    }

    [Fact]
    public void ShouldRetry_IstioDefaultOnResponseEndedMidway_IsNotRetried()
    {
        var error = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely");

        Assert.False(Conditions(RetryOnConditions.IstioDefault).ShouldRetry(null, error));
    }

    private static HttpResponseMessage Response(int status) => new((HttpStatusCode)status);

    private static HttpResponseMessage Grpc(string grpcStatus, int status = 200)
    {
        var response = Response(status);
        response.Headers.TryAddWithoutValidation("grpc-status", grpcStatus);
        return response;
    }

    /// <summary>The conditions a route's <c>retryOn</c> text gives, read as binding reads it.</summary>
    private static RetryConditions Conditions(string retryOn) => new(RetryOnConditions.Parse(retryOn));
}
