using System.Diagnostics.Metrics;
using Mesh.Server.Registry;
using Mesh.Server.Storage;

namespace Mesh.Server.Metrics;

/// <summary>
/// The control server's own metrics, on the <c>Mesh.Server</c> meter: what it holds (resources by kind, revision,
/// registered instances, open watches) and what it was asked (applies by outcome, token failures by reason).
/// Served at <c>/metrics</c> in the Prometheus text format.
/// </summary>
internal sealed class ServerMetrics
{
    /// <summary>The meter name, for <c>AddMeter("Mesh.Server")</c>.</summary>
    public const string MeterName = "Mesh.Server";

    private readonly Counter<long> _applies;
    private readonly Counter<long> _tokenFailures;
    private readonly Counter<long> _storeWriteFailures;
    private readonly UpDownCounter<long> _watchers;

    public ServerMetrics(IMeterFactory meters, IResourceStore store, InstanceRegistry registry)
    {
        Meter = meters.Create(MeterName);
        Meter.CreateObservableGauge("mesh_server_revision", () => store.Revision, "{revision}", "The store's current revision");
        Meter.CreateObservableGauge("mesh_server_resources", () => CountByKind(store), "{resource}", "Resources held, by kind");
        Meter.CreateObservableGauge("mesh_server_registered_instances", () => registry.Count, "{instance}", "Instances registered with a live lease");
        _watchers = Meter.CreateUpDownCounter<long>("mesh_server_watchers", "{watch}", "Watch requests waiting for a change now");
        _applies = Meter.CreateCounter<long>("mesh_server_applies_total", "{apply}", "Apply requests, by outcome (applied, dry_run, rejected, conflict)");
        _tokenFailures = Meter.CreateCounter<long>("mesh_server_token_failures_total", "{request}", "Requests refused at the token check, by reason (missing, invalid, forbidden; throttled: the address failed too often, the token was not checked)");
        _storeWriteFailures = Meter.CreateCounter<long>("mesh_server_store_write_failures_total", "{request}", "Requests answered 507 because the data directory could not be written (disk full, I/O error)");
    }

    public Meter Meter { get; }

    public void WatchStarted() => _watchers.Add(1);

    public void WatchEnded() => _watchers.Add(-1);

    public void Applied(string outcome) => _applies.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void TokenRefused(string reason) => _tokenFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void StoreWriteFailed() => _storeWriteFailures.Add(1);

    private static IEnumerable<Measurement<int>> CountByKind(IResourceStore store)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in store.List(null, null).Items)
        {
            counts[item.Key.Kind] = counts.GetValueOrDefault(item.Key.Kind) + 1;
        }

        var measurements = new List<Measurement<int>>(counts.Count);
        foreach (var (kind, count) in counts)
        {
            measurements.Add(new Measurement<int>(count, new KeyValuePair<string, object?>("kind", kind)));
        }

        return measurements;
    }
}
