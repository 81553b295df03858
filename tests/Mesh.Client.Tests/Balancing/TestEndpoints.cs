using System.Globalization;
using Mesh.Client.Balancing;

namespace Mesh.Client.Tests.Balancing;

internal static class TestEndpoints
{
    private static readonly Dictionary<string, string> NoLabels = [];

    /// <summary>Endpoints 10.0.0.1:8080 .. 10.0.0.n:8080 (new state objects on every call).</summary>
    public static EndpointState[] Create(int count)
    {
        var endpoints = new EndpointState[count];
        for (var i = 0; i < count; i++)
        {
            endpoints[i] = Endpoint(i + 1);
        }

        return endpoints;
    }

    public static EndpointState Endpoint(int number, int weight = 1) =>
        new(string.Create(CultureInfo.InvariantCulture, $"10.0.{number / 250}.{number % 250}"), 8080, NoLabels, weight: weight);

    public static PickContext Context(EndpointState? exclude = null, string? sourceAddress = null) =>
        new(new HttpRequestMessage(HttpMethod.Get, "http://reviews.default.svc/"), exclude, sourceAddress);

    public static PickContext HeaderContext(string name, string value, EndpointState? exclude = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://reviews.default.svc/");
        request.Headers.TryAddWithoutValidation(name, value);
        return new PickContext(request, exclude, null);
    }

    public static Dictionary<EndpointState, int> Count(ILoadBalancer balancer, int picks, PickContext context)
    {
        var counts = new Dictionary<EndpointState, int>();
        foreach (var endpoint in balancer.Endpoints)
        {
            counts[endpoint] = 0;
        }

        for (var i = 0; i < picks; i++)
        {
            counts[balancer.Pick(context)]++;
        }

        return counts;
    }
}
