using Mesh.Client.Routing;
using Mesh.Policy.Api;

namespace Mesh.Client.Telemetry.Topology;

/// <summary>Reads which endpoints outlier detection has ejected now, from the snapshot's destinations.</summary>
internal static class EjectedEndpoints
{
    public static List<EjectedEndpointReport> Collect(MeshSnapshot snapshot, TimeProvider time)
    {
        var now = time.GetTimestamp();
        var ejected = new List<EjectedEndpointReport>();
        foreach (var target in snapshot.Targets)
        {
            if (target.Outliers is null)
            {
                continue;
            }

            foreach (var endpoint in target.Endpoints)
            {
                if (target.State.Health.TryGetValue(endpoint.Key, out var health) && health.IsEjected(now))
                {
                    var remaining = (health.EjectedUntil - now) / (double)time.TimestampFrequency;
                    ejected.Add(new EjectedEndpointReport(target.Service, target.Subset, endpoint.Key, Math.Round(remaining, 1)));
                }
            }
        }

        return ejected;
    }
}
