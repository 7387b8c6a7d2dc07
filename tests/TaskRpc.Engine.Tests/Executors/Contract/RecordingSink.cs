using System.Threading.Channels;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>An invocation's progress sink that keeps every report (the detail as its JSON text), in order.</summary>
internal sealed class RecordingSink : IProgressSink
{
    private readonly Lock _lock = new();
    private readonly List<JobProgress> _reports = [];
    private readonly Channel<JobProgress> _arrivals = Channel.CreateUnbounded<JobProgress>();

    public IReadOnlyList<JobProgress> Reports
    {
        get
        {
            lock (_lock)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(double fraction, string? message, object? detail)
    {
        var report = new JobProgress(fraction, message, TaskJson.SerializeDetail(detail));
        lock (_lock)
        {
            _reports.Add(report);
        }

        _arrivals.Writer.TryWrite(report);
    }

    /// <summary>The next report to arrive.</summary>
    public async Task<JobProgress> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        return await _arrivals.Reader.ReadAsync(timeout.Token);
    }
}
