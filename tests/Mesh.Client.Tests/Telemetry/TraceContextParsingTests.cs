using System.Diagnostics;
using Mesh.Client.Telemetry.Tracing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Client.Tests.Telemetry;

public sealed class TraceContextParsingTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Span = "00f067aa0ba902b7";

    [Theory]
    [InlineData($"{Trace}-{Span}-1", true)]
    [InlineData($"{Trace}-{Span}-d", true)]
    [InlineData($"{Trace}-{Span}-0", false)]
    [InlineData($"{Trace}-{Span}", null)]
    [InlineData($"{Trace}-{Span}-1-05e3ac9a4f6e3b90", true)]
    public void B3Single_Valid_GivesIdsAndSampling(string header, bool? sampled)
    {
        Assert.True(IncomingTraceContext.TryParseB3Single(header, out var context, out var parsed));
        Assert.Equal(Trace, context.TraceId.ToHexString());
        Assert.Equal(Span, context.SpanId.ToHexString());
        Assert.Equal(sampled, parsed);
        Assert.True(context.IsRemote);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData($"{Trace}")]
    [InlineData($"{Trace}-short-1")]
    [InlineData($"4BF92F3577B34DA6A3CE929D0E0E4736-{Span}-1")]
    [InlineData($"00000000000000000000000000000000-{Span}-1")]
    [InlineData($"{Trace}-{Span}-x")]
    public void B3Single_Malformed_IsIgnored(string header) =>
        Assert.False(IncomingTraceContext.TryParseB3Single(header, out _, out _));

    [Fact]
    public void Extract_PrefersTraceparent_OverB3()
    {
        var headers = new HeaderDictionary
        {
            ["traceparent"] = $"00-{Trace}-{Span}-00",
            ["X-B3-TraceId"] = "463ac35c9f6413ad",
            ["X-B3-SpanId"] = "a2fb4a1d1a96d312",
        };

        Assert.True(IncomingTraceContext.TryExtract(headers, out var context, out var sampled));
        Assert.Equal(Trace, context.TraceId.ToHexString());
        Assert.False(sampled);
    }

    [Fact]
    public void Extract_BadTraceparent_FallsBackToB3Multi_WithDebugFlag()
    {
        var headers = new HeaderDictionary
        {
            ["traceparent"] = "garbage",
            ["X-B3-TraceId"] = "463ac35c9f6413ad",
            ["X-B3-SpanId"] = "a2fb4a1d1a96d312",
            ["X-B3-Sampled"] = "0",
            ["X-B3-Flags"] = "1",
        };

        Assert.True(IncomingTraceContext.TryExtract(headers, out var context, out var sampled));
        Assert.Equal("0000000000000000463ac35c9f6413ad", context.TraceId.ToHexString());
        Assert.True(sampled); // debug overrides sampled=0
        Assert.Equal(ActivityTraceFlags.Recorded, context.TraceFlags);
    }

    [Fact]
    public void Extract_NoHeaders_NoContext() =>
        Assert.False(IncomingTraceContext.TryExtract(new HeaderDictionary(), out _, out _));
}
