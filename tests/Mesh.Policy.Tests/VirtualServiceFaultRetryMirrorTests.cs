using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

/// <summary>Fault injection, retries and mirroring of VirtualService routes.</summary>
public class VirtualServiceFaultRetryMirrorTests
{
    private static string Route(string extra) => TestYaml.VirtualService(TestYaml.SimpleRoute + "\n" + TestYaml.Indent(extra));

    [Theory]
    [InlineData("fault:\n  delay:\n    fixedDelay: 5s\n    percentage: {value: 150}", "spec.http[0].fault.delay.percentage.value", "150 is outside 0-100")]
    [InlineData("fault:\n  abort:\n    httpStatus: 500\n    percentage: {value: -1}", "spec.http[0].fault.abort.percentage.value", "-1 is outside 0-100")]
    [InlineData("mirror: {host: reviews, subset: v2}\nmirrorPercentage: {value: 100.5}", "spec.http[0].mirrorPercentage.value", "100.5 is outside 0-100")]
    [InlineData("mirrors:\n- destination: {host: ratings}\n  percentage: {value: 101}", "spec.http[0].mirrors[0].percentage.value", "101 is outside 0-100")]
    public void Parse_PercentageOutside0To100_Reported(string extra, string path, string message)
    {
        Refused(Route(extra), path, message);
    }

    [Fact]
    public void Parse_PercentageBounds_Accepted()
    {
        var vs = ParseSingle<VirtualService>(Route("fault:\n  delay:\n    fixedDelay: 5s\n    percentage: {value: 0}\n  abort:\n    httpStatus: 500\n    percentage: {value: 100}"));

        Assert.Equal(0, vs.Spec.Http![0].Fault!.Delay!.Percentage!.Value);
        Assert.Equal(100, vs.Spec.Http[0].Fault!.Abort!.Percentage!.Value);
    }

    [Fact]
    public void Parse_MirrorPercentageWithoutMirror_Reported()
    {
        Refused(Route("mirrorPercentage: {value: 50}"), "spec.http[0].mirrorPercentage", "has no effect without mirror");
    }

    [Fact]
    public void Parse_FaultWithNeitherDelayNorAbort_Reported()
    {
        Refused(Route("fault: {}"), "spec.http[0].fault", "set delay, abort or both");
    }

    [Fact]
    public void Parse_AbortStatusOutOfRange_Reported()
    {
        Refused(Route("fault:\n  abort:\n    httpStatus: 700"), "spec.http[0].fault.abort.httpStatus", "700 is outside 200-599");
    }

    [Fact]
    public void Parse_DeprecatedFaultPercent_NotSupportedWithReplacement()
    {
        Refused(Route("fault:\n  delay:\n    fixedDelay: 5s\n    percent: 50"), "spec.http[0].fault.delay.percent", "not supported by Mesh: deprecated in Istio; use percentage: { value: N }");
    }

    [Theory]
    [InlineData("5xx,sometimes", "unknown retry condition \"sometimes\"")]
    [InlineData("5xx,,reset", "empty condition in the comma-separated list")]
    [InlineData("999", "999 is not an HTTP status code")]
    public void Parse_BadRetryOn_Reported(string retryOn, string message)
    {
        Refused(Route($"retries:\n  attempts: 2\n  retryOn: \"{retryOn}\""), "spec.http[0].retries.retryOn", message);
    }

    [Fact]
    public void Parse_KnownRetryOnConditionsAndStatusCodes_Accepted()
    {
        var vs = ParseSingle<VirtualService>(Route("retries:\n  attempts: 2\n  retryOn: gateway-error, connect-failure,refused-stream,retriable-4xx,503"));

        Assert.Equal(2, vs.Spec.Http![0].Retries!.Attempts);
    }

    [Fact]
    public void Parse_NegativeAttempts_Reported()
    {
        Refused(Route("retries:\n  attempts: -1"), "spec.http[0].retries.attempts", "-1 must be zero or more");
    }

    [Fact]
    public void Parse_PerTryTimeoutLongerThanTimeout_Warns()
    {
        var result = Parse(Route("timeout: 1s\nretries:\n  attempts: 2\n  perTryTimeout: 5s"));

        NoErrors(result);
        Warning(result.Diagnostics, "spec.http[0].retries.perTryTimeout", "5s is longer than the route timeout 1s");
    }
}
