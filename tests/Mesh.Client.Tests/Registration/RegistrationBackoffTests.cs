using System.Net;
using Mesh.Client.Registration;
using Mesh.Policy.Api;

namespace Mesh.Client.Tests.Registration;

/// <summary>How long the registrar waits after a failure: soon for an unreachable server, long for a refusal.</summary>
public class RegistrationBackoffTests
{
    private static readonly ControlPlaneException Unreachable = new("cannot reach the control server");
    private static readonly ControlPlaneException Refused = new("this join token may not register", HttpStatusCode.Forbidden);

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(4, 5000)]
    [InlineData(50, 5000)]
    public void UnreachableServer_BacksOffTo5Seconds(int failures, double fullMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(fullMs / 2), RegistrationBackoff.Delay(Unreachable, failures, random: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(fullMs * 0.75), RegistrationBackoff.Delay(Unreachable, failures, random: 0.5));
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(6, 32_000)]
    [InlineData(7, 60_000)]
    [InlineData(1000, 60_000)]
    public void Refusal_BacksOffTo60Seconds(int failures, double fullMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(fullMs / 2), RegistrationBackoff.Delay(Refused, failures, random: 0));

    [Fact]
    public void TooManyRequests_WaitsAtLeastWhatTheServerAsked()
    {
        var throttled = new ControlPlaneException("too many failed token attempts", HttpStatusCode.TooManyRequests) { RetryAfter = TimeSpan.FromSeconds(30) };

        Assert.Equal(TimeSpan.FromSeconds(30), RegistrationBackoff.Delay(throttled, failures: 1, random: 0.99));
        Assert.Equal(TimeSpan.FromSeconds(45), RegistrationBackoff.Delay(throttled, failures: 20, random: 0.5)); // past what it asked: the backoff
    }

    [Fact]
    public void ServerError_IsTreatedAsUnreachable()
    {
        var error = new ControlPlaneException("the control server could not write its store", HttpStatusCode.InsufficientStorage);

        Assert.Equal(TimeSpan.FromSeconds(2.5), RegistrationBackoff.Delay(error, failures: 10, random: 0));
    }
}
