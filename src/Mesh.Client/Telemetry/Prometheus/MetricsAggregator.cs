using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Mesh.Client.Telemetry.Prometheus;

/// <summary>
/// Keeps the running values of the instruments it is given (a <see cref="MeterListener"/>), for a Prometheus
/// scrape: the exposition OpenTelemetry's Prometheus exporter would give, without that package. Measurements are
/// aggregated as they come (lock-free); a scrape reads them and collects observable instruments.
/// </summary>
internal sealed class MetricsAggregator : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();

    /// <param name="include">Which published instruments to aggregate.</param>
    public MetricsAggregator(Func<Instrument, bool> include)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (include(instrument) && InstrumentState.Create(instrument) is { } state && _instruments.TryAdd(instrument, state))
            {
                listener.EnableMeasurementEvents(instrument, state);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) => _instruments.TryRemove(instrument, out var _);
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Collects observable instruments and returns every instrument's state, ordered by name.</summary>
    public IReadOnlyList<InstrumentState> Collect()
    {
        _listener.RecordObservableInstruments();
        var states = _instruments.Values.ToList();
        states.Sort(static (a, b) => string.CompareOrdinal(a.Instrument.Name, b.Instrument.Name));
        return states;
    }

    public void Dispose() => _listener.Dispose();
}
