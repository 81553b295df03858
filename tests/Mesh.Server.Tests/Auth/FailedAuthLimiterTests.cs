using System.Net;
using Mesh.Server.Auth;
using Mesh.Server.Hosting;
using Mesh.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Server.Tests.Auth;

public class FailedAuthLimiterTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void TrackedAddresses_StayWithinTheLimit_AndAddressesThatRecoveredMakeRoom()
    {
        var limiter = Limiter(burst: 1, refill: TimeSpan.FromSeconds(10), tracked: 2);
        limiter.Failed(IPAddress.Parse("192.0.2.1"));
        limiter.Failed(IPAddress.Parse("192.0.2.2"));

        limiter.Failed(IPAddress.Parse("192.0.2.3"));

        Assert.Equal(2, limiter.TrackedAddresses);
        Assert.Null(limiter.RetryAfter(IPAddress.Parse("192.0.2.3"))); // not tracked: not limited, never locked out
        Assert.NotNull(limiter.RetryAfter(IPAddress.Parse("192.0.2.1")));

        _clock.Advance(TimeSpan.FromSeconds(10));
        limiter.Failed(IPAddress.Parse("192.0.2.3"));

        Assert.Equal(1, limiter.TrackedAddresses);
        Assert.Equal(TimeSpan.FromSeconds(10), limiter.RetryAfter(IPAddress.Parse("192.0.2.3")));
    }

    [Fact]
    public void Ipv6Addresses_CountBySlash64_AndMappedIpv4CountsAsIpv4()
    {
        var limiter = Limiter(burst: 1, refill: TimeSpan.FromSeconds(10), tracked: 100);

        limiter.Failed(IPAddress.Parse("2001:db8:1:2::1"));
        limiter.Failed(IPAddress.Parse("::ffff:192.0.2.7"));

        Assert.NotNull(limiter.RetryAfter(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.Null(limiter.RetryAfter(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.NotNull(limiter.RetryAfter(IPAddress.Parse("192.0.2.7")));
    }

    [Fact]
    public void AllowanceRefills_OneAttemptPerRefill_UpToTheBurst()
    {
        var limiter = Limiter(burst: 3, refill: TimeSpan.FromSeconds(10), tracked: 100);
        var address = IPAddress.Parse("192.0.2.1");
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(limiter.RetryAfter(address));
            limiter.Failed(address);
        }

        Assert.Equal(TimeSpan.FromSeconds(10), limiter.RetryAfter(address));

        // A long quiet time gives back the burst, not more.
        _clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(limiter.RetryAfter(address));
            limiter.Failed(address);
        }

        Assert.NotNull(limiter.RetryAfter(address));
    }

    private FailedAuthLimiter Limiter(int burst, TimeSpan refill, int tracked) => new(
        new MeshServerOptions { TimeProvider = _clock, AuthFailureBurst = burst, AuthFailureRefill = refill, AuthFailureTrackedAddresses = tracked },
        NullLogger<FailedAuthLimiter>.Instance);
}
