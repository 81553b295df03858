using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Serialization;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class RetryOnConditionsTests
{
    [Fact]
    public void Parse_NamedConditionsAndCodes_BecomeFlagsAndCodes()
    {
        var conditions = RetryOnConditions.Parse("5xx, connect-failure,retriable-status-codes,503,429");

        Assert.Equal(RetryTriggers.Any5xx | RetryTriggers.ConnectFailure | RetryTriggers.RetriableStatusCodes, conditions.Triggers);
        Assert.Equal([503, 429], conditions.StatusCodes);
        Assert.Empty(conditions.Problems);
        Assert.Equal("5xx, connect-failure,retriable-status-codes,503,429", conditions.ToString());
    }

    [Theory]
    [InlineData("5xx", RetryTriggers.Any5xx)]
    [InlineData("gateway-error", RetryTriggers.GatewayError)]
    [InlineData("reset", RetryTriggers.Reset)]
    [InlineData("reset-before-request", RetryTriggers.ResetBeforeRequest)]
    [InlineData("http3-post-connect-failure", RetryTriggers.Http3PostConnectFailure)]
    [InlineData("connect-failure", RetryTriggers.ConnectFailure)]
    [InlineData("refused-stream", RetryTriggers.RefusedStream)]
    [InlineData("retriable-4xx", RetryTriggers.Retriable4xx)]
    [InlineData("retriable-status-codes", RetryTriggers.RetriableStatusCodes)]
    [InlineData("cancelled", RetryTriggers.Cancelled)]
    [InlineData("deadline-exceeded", RetryTriggers.DeadlineExceeded)]
    [InlineData("resource-exhausted", RetryTriggers.ResourceExhausted)]
    [InlineData("internal", RetryTriggers.Internal)]
    [InlineData("unavailable", RetryTriggers.Unavailable)]
    public void Parse_EachIstioCondition_HasItsFlag(string text, RetryTriggers expected)
    {
        var conditions = RetryOnConditions.Parse(text);

        Assert.Equal(expected, conditions.Triggers);
        Assert.True(conditions.HasAny(expected));
        Assert.Empty(conditions.Problems);
    }

    [Theory]
    [InlineData("5xx,,503", "empty condition in the comma-separated list")]
    [InlineData("", "empty condition in the comma-separated list")]
    [InlineData("99", "99 is not an HTTP status code")]
    [InlineData("envoy-ratelimited", "\"envoy-ratelimited\" is not supported by Mesh")]
    [InlineData("retriable-headers", "\"retriable-headers\" is not supported by Mesh")]
    [InlineData("whenever", "unknown retry condition \"whenever\"")]
    [InlineData("5XX", "unknown retry condition \"5XX\"")]
    public void Parse_WhatMeshCannotHonour_IsAProblem(string text, string expected)
    {
        var problem = Assert.Single(RetryOnConditions.Parse(text).Problems);

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsIstios()
    {
        var conditions = RetryOnConditions.Default;

        Assert.Equal(RetryOnConditions.IstioDefault, conditions.Text);
        Assert.Equal(
            RetryTriggers.ConnectFailure | RetryTriggers.RefusedStream | RetryTriggers.Unavailable | RetryTriggers.Cancelled | RetryTriggers.RetriableStatusCodes,
            conditions.Triggers);
        Assert.Equal([503], conditions.StatusCodes);
    }

    [Fact]
    public void Binding_ReadsRetryOnIntoConditions()
    {
        var vs = ParseSingle<VirtualService>(TestYaml.VirtualService("""
            - route:
              - destination:
                  host: reviews
              retries:
                attempts: 2
                retryOn: gateway-error,409
            """));

        var retries = vs.Spec.Http![0].Retries!;
        Assert.Equal("gateway-error,409", retries.RetryOn);
        Assert.Equal(RetryTriggers.GatewayError, retries.Conditions!.Triggers);
        Assert.Equal([409], retries.Conditions.StatusCodes);
    }

    [Fact]
    public void SettingRetryOn_ReadsItAgain_AndNullClearsIt()
    {
        var retries = new HttpRetry { RetryOn = "5xx" };
        Assert.Equal(RetryTriggers.Any5xx, retries.Conditions!.Triggers);

        retries.RetryOn = "reset";
        Assert.Equal(RetryTriggers.Reset, retries.Conditions!.Triggers);

        retries.RetryOn = null;
        Assert.Null(retries.Conditions);
    }

    [Fact]
    public void Serializing_WritesRetryOnOnly()
    {
        var vs = ParseSingle<VirtualService>(TestYaml.VirtualService(TestYaml.SimpleRoute + "\n  retries: {attempts: 1, retryOn: 5xx}"));

        var json = PolicySerializer.ToJson(vs, indented: false);

        Assert.Contains("\"retryOn\":\"5xx\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("conditions", json, StringComparison.OrdinalIgnoreCase);
    }
}
