using System.Diagnostics.Metrics;

namespace TaskRpc.IntegrationTests.Telemetry;

/// <summary>
/// Every measurement (long or double) of the meters one server's <see cref="IMeterFactory"/>
/// created, with its tags, and a wait for one that matches (on each new measurement, not by polling).
/// </summary>
internal sealed class InstrumentRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Recorded> _measurements = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InstrumentRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments (gauges) now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public IReadOnlyList<Recorded> Of(string instrument)
    {
        lock (_gate)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument)];
        }
    }

    /// <summary>Waits until <paramref name="instrument"/> has a measurement matching <paramref name="match"/>; fails after 30 s.</summary>
    public async Task<Recorded> WaitForAsync(string instrument, Func<Recorded, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_measurements.FirstOrDefault(m => m.Instrument == instrument && match(m)) is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{instrument} got no matching measurement in 30 s; it has: {string.Join("; ", Of(instrument))}");
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var recorded = new Recorded(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()));
        lock (_gate)
        {
            _measurements.Add(recorded);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>One measurement.</summary>
    internal sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
    {
        public bool Has(string key, string value) => Tags.GetValueOrDefault(key) == value;

        public override string ToString() => $"{Value} {{{string.Join(", ", Tags.Select(t => $"{t.Key}={t.Value}"))}}}";
    }
}
