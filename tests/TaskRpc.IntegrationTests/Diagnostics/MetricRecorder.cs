using System.Diagnostics.Metrics;

namespace TaskRpc.IntegrationTests.Diagnostics;

/// <summary>
/// Sums the long measurements of the meters one server's <see cref="IMeterFactory"/> created (not
/// those of other servers in this test process), by instrument and tag, e.g.
/// <c>Sum("taskrpc.jobs.completed", "state=failed")</c>.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Instrument, string Tag), long> _sums = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MetricRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_gate)
            {
                foreach (var pair in tags)
                {
                    var key = (instrument.Name, $"{pair.Key}={pair.Value}");
                    _sums[key] = _sums.GetValueOrDefault(key) + value;
                }

                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        });
        _listener.Start();
    }

    /// <summary>The sum so far of <paramref name="instrument"/>'s measurements with <paramref name="tag"/> (<c>name=value</c>).</summary>
    public long Sum(string instrument, string tag)
    {
        lock (_gate)
        {
            return _sums.GetValueOrDefault((instrument, tag));
        }
    }

    /// <summary>Waits, on each new measurement, until the sum reaches <paramref name="expected"/>; fails after 30 s.</summary>
    public async Task WaitForAsync(string instrument, string tag, long expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_sums.GetValueOrDefault((instrument, tag)) >= expected)
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{instrument}{{{tag}}} stayed at {Sum(instrument, tag)}, below {expected}, for 30 s.");
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
