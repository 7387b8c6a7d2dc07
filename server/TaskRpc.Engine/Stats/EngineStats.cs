using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Executors.Processes;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Lifecycle;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Stats;

/// <summary>
/// A read-only view of the engine's load for the dashboard and the stats RPC. The counters come
/// from the engine's own meter through a <see cref="MeterListener"/> (two interlocked adds per job,
/// nothing else on the hot path); queues and running jobs are counted from this node's active jobs
/// when a snapshot is taken, so their cost is paid by the reader, once per snapshot.
/// </summary>
internal sealed class EngineStats : IHostedService, IDisposable
{
    private const int Minutes = 60;
    private readonly EngineMetrics _metrics;
    private readonly ActiveJobs _active;
    private readonly TaskRegistry _registry;
    private readonly IJobExecutor[] _executors;
    private readonly ProcessPoolExecutor? _processes;
    private readonly TimeProvider _time;
    private readonly Lock _failureGate = new();
    private readonly long[] _failureMinute = new long[Minutes];
    private readonly long[] _failureCount = new long[Minutes];
    private MeterListener? _listener;
    private long _submitted;
    private long _finished;
    private long _failed;

    public EngineStats(
        EngineMetrics metrics,
        ActiveJobs active,
        TaskRegistry registry,
        IEnumerable<IJobExecutor> executors,
        TimeProvider time,
        ProcessPoolExecutor? processes = null)
    {
        _metrics = metrics;
        _active = active;
        _registry = registry;
        _executors = [.. executors.OrderBy(e => e.Kind)];
        _processes = processes;
        _time = time;
    }

    /// <summary>Starts counting (the counters count from here).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, _metrics.Meter)
                    && instrument.Name is EngineMetrics.SubmittedName or EngineMetrics.CompletedName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>(OnMeasurement);
        listener.Start();
        _listener = listener;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }

    /// <summary>The load now, as a caller scoped to <paramref name="tenant"/> may see it (null: every tenant, server-wide counters included).</summary>
    public EngineStatsSnapshot Capture(string? tenant = null)
    {
        var byExecutor = new Dictionary<ExecutorKind, (int Queued, int Running)>();
        var byTask = new Dictionary<string, (int Queued, int Running)>(StringComparer.Ordinal);
        foreach (var rt in _active.Enumerate())
        {
            var job = rt.Current;
            if (tenant is not null && !string.Equals(job.Tenant, tenant, StringComparison.Ordinal))
            {
                continue;
            }

            var (queued, running) = job.State switch
            {
                JobState.Queued => (1, 0),
                JobState.Running => (0, 1),
                _ => (0, 0),
            };
            var e = byExecutor.GetValueOrDefault(job.Executor);
            byExecutor[job.Executor] = (e.Queued + queued, e.Running + running);
            var t = byTask.GetValueOrDefault(job.Task);
            byTask[job.Task] = (t.Queued + queued, t.Running + running);
        }

        var executors = _executors
            .Select(x => (x, c: byExecutor.GetValueOrDefault(x.Kind)))
            .Select(p => new ExecutorStats(p.x.Kind, p.x.Capacity, p.c.Queued, p.c.Running))
            .ToList();
        var tasks = _registry.Tasks
            .Select(info => (info, c: byTask.GetValueOrDefault(info.Name)))
            .Select(p => new TaskStats(p.info.Name, p.info.Executor, p.c.Queued, p.c.Running))
            .ToList();
        var now = _time.GetUtcNow();
        return tenant is not null
            ? new EngineStatsSnapshot(now, null, null, null, null, executors, tasks, [])
            : new EngineStatsSnapshot(
                now,
                Interlocked.Read(ref _submitted),
                Interlocked.Read(ref _finished),
                Interlocked.Read(ref _failed),
                FailedSince(MinuteOf(now)),
                executors,
                tasks,
                _processes?.Pool?.Snapshot() ?? []);
    }

    private static long MinuteOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == EngineMetrics.SubmittedName)
        {
            Interlocked.Add(ref _submitted, value);
            return;
        }

        Interlocked.Add(ref _finished, value);
        foreach (var tag in tags)
        {
            if (tag.Key == "state" && tag.Value is string s && s == EngineMetrics.FailedStateName)
            {
                Interlocked.Add(ref _failed, value);
                RecordFailures(value);
            }
        }
    }

    private void RecordFailures(long count)
    {
        var minute = MinuteOf(_time.GetUtcNow());
        var slot = (int)(minute % Minutes);
        lock (_failureGate)
        {
            if (_failureMinute[slot] != minute)
            {
                _failureMinute[slot] = minute;
                _failureCount[slot] = 0;
            }

            _failureCount[slot] += count;
        }
    }

    private long FailedSince(long nowMinute)
    {
        long sum = 0;
        lock (_failureGate)
        {
            for (var i = 0; i < Minutes; i++)
            {
                if (nowMinute - _failureMinute[i] < Minutes)
                {
                    sum += _failureCount[i];
                }
            }
        }

        return sum;
    }
}
