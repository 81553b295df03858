using System.Net;
using Mesh.Server.Auth;
using Microsoft.AspNetCore.Http;

namespace Mesh.Server.Tests.Topology;

/// <summary>Who may read the dashboard's views without a token: callers on this machine only.</summary>
public sealed class LocalReadAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.10.0.5", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("192.168.0.7", false)]
    [InlineData("fe80::1", false)]
    public void IsLocal_OnlyLoopbackCallers(string address, bool local)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);

        Assert.Equal(local, LocalReadAccess.IsLocal(context));
    }
}
