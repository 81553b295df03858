using System.Net;
using System.Net.Sockets;

namespace Mesh.Cli.Tests.Infrastructure;

/// <summary>A loopback port that nothing listens on: the OS hands out a free one, and it is released at once.</summary>
internal static class UnusedPort
{
    public static string ServerUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
