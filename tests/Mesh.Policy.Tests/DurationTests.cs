using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class DurationTests
{
    [Theory]
    [InlineData("7s", 7_000)]
    [InlineData("0.5s", 500)]
    [InlineData("1m", 60_000)]
    [InlineData("100ms", 100)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0s", 0)]
    [InlineData(" 3s ", 3_000)]
    public void TryParse_IstioForms_ReturnsValue(string text, long milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var duration, out var error), error);
        Assert.Null(error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration.Value);
    }

    [Theory]
    [InlineData("250us", 2_500)]
    [InlineData("250µs", 2_500)]
    [InlineData("1500ns", 15)]
    public void TryParse_SubMillisecondUnits_ReturnsTicks(string text, long ticks)
    {
        Assert.True(Duration.TryParse(text, out var duration, out var error), error);
        Assert.Equal(ticks, duration.Value.Ticks);
    }

    [Theory]
    [InlineData("7", "missing unit (write \"7s\" for seconds")]
    [InlineData("abc", "expected a number at \"abc\"")]
    [InlineData("-1s", "negative duration \"-1s\"")]
    [InlineData("5x", "unknown unit \"x\"")]
    [InlineData("1d", "unknown unit \"d\"")]
    [InlineData("1.2.3s", "\"1.2.3\" is not a number")]
    [InlineData("1h 30m", "unknown unit \"h \"")]
    [InlineData("s", "expected a number")]
    [InlineData("", "empty duration")]
    [InlineData("   ", "empty duration")]
    [InlineData(null, "empty duration")]
    public void TryParse_Invalid_ReturnsFalseWithReason(string? text, string reason)
    {
        Assert.False(Duration.TryParse(text, out var duration, out var error));
        Assert.Equal(default, duration);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100000000000000000000h")]
    [InlineData("9999999999999999999999999999h")]
    [InlineData("300000000h")]
    [InlineData("200000000h100000000h")]
    public void TryParse_TooLarge_ReturnsFalseInsteadOfThrowing(string text)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains("is too large", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithReason()
    {
        var ex = Assert.Throws<FormatException>(() => Duration.Parse("5x"));
        Assert.Contains("unknown unit \"x\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7s", "7s")]
    [InlineData("90m", "1h30m")]
    [InlineData("5400s", "1h30m")]
    [InlineData("60s", "1m")]
    [InlineData("3600s", "1h")]
    [InlineData("1000ms", "1s")]
    [InlineData("0.5s", "500ms")]
    [InlineData("100ms", "100ms")]
    [InlineData("1.5s", "1.5s")]
    [InlineData("2h0m5s", "2h5s")]
    [InlineData("1500us", "1500us")]
    [InlineData("0ms", "0s")]
    public void ToString_AnyForm_WritesCanonicalForm(string text, string canonical)
    {
        Assert.Equal(canonical, Duration.Parse(text).ToString());
    }

    [Theory]
    [InlineData("1h30m15.25s")]
    [InlineData("0.001s")]
    [InlineData("1234567us")]
    [InlineData("48h")]
    public void ToString_ParsedBack_GivesSameValue(string text)
    {
        var duration = Duration.Parse(text);
        Assert.Equal(duration, Duration.Parse(duration.ToString()));
    }

    [Fact]
    public void Parse_GoodDurationsInResource_BindTypedValues()
    {
        var vs = ParseSingle<VirtualService>(TestYaml.VirtualService("""
            - route:
              - destination:
                  host: reviews
              timeout: 1h30m
              retries:
                attempts: 3
                perTryTimeout: 0.5s
              fault:
                delay:
                  fixedDelay: 100ms
            """));

        var route = vs.Spec.Http![0];
        Assert.Equal(TimeSpan.FromMinutes(90), route.Timeout!.Value.Value);
        Assert.Equal(TimeSpan.FromMilliseconds(500), route.Retries!.PerTryTimeout!.Value.Value);
        Assert.Equal(TimeSpan.FromMilliseconds(100), route.Fault!.Delay!.FixedDelay!.Value.Value);
    }

    [Fact]
    public void Parse_BadDurationsInResource_ReportsEachWithFieldPath()
    {
        var result = Parse(TestYaml.VirtualService("""
            - route:
              - destination:
                  host: reviews
              timeout: 7
              retries:
                attempts: 3
                perTryTimeout: abc
              fault:
                delay:
                  fixedDelay: -1s
            - route:
              - destination:
                  host: reviews
              timeout: 5x
            """));

        Error(result, "spec.http[0].timeout", "missing unit");
        Error(result, "spec.http[0].retries.perTryTimeout", "invalid duration \"abc\"");
        Error(result, "spec.http[0].fault.delay.fixedDelay", "negative duration");
        Error(result, "spec.http[1].timeout", "unknown unit \"x\"");
        Assert.Equal(4, result.Errors.Count());
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_DurationGivenAsMap_ReportsExpectedForm()
    {
        var result = Parse(TestYaml.VirtualService("""
            - route:
              - destination:
                  host: reviews
              timeout: {seconds: 5}
            """));

        Error(result, "spec.http[0].timeout", "must be a duration such as \"5s\"");
    }
}
