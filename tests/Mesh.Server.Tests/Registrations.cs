using Mesh.Policy.Api;

namespace Mesh.Server.Tests;

internal static class Registrations
{
    public static InstanceRegistration Reviews(string version, int port) => new()
    {
        Service = "reviews",
        Version = version,
        ServiceAccount = "bookinfo-reviews",
        Address = "127.0.0.1",
        Ports = new Dictionary<string, int> { ["http"] = port },
    };
}
