using TaskRpc.Engine.Executors.Processes.Protocol;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Executors.Processes.Worker;

/// <summary>
/// A run inside a worker process: its cancellation, and its progress slot. Progress is coalesced:
/// the slot is queued on the writer once, and the writer takes the latest report when it gets to it.
/// </summary>
internal sealed class WorkerJob : IProgressSink, IOutgoingFrame, IDisposable
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int CancelledBeforeStart = 2;

    private readonly WorkerFrameWriter _writer;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _progressGate = new();
    private int _state;
    private bool _progressQueued;
    private double _fraction;
    private string? _message;
    private string? _detailJson;

    public WorkerJob(Run run, WorkerFrameWriter writer)
    {
        Run = run;
        _writer = writer;
    }

    public Run Run { get; }

    public bool IsCancellationRequested => _cancel.IsCancellationRequested;

    public TaskContext CreateContext() =>
        new(Run.JobId, Run.Task, Run.Attempt, new Dictionary<string, string>(Run.Labels, StringComparer.Ordinal), this, _cancel.Token);

    /// <summary>Marks the job started; false when it was cancelled before it could start.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Running, Queued) == Queued;

    /// <summary>Fires the job's token; true when it had not started (it never will).</summary>
    public bool Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, CancelledBeforeStart, Queued) == Queued)
        {
            return true;
        }

        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It has finished meanwhile.
        }

        return false;
    }

    public void Report(double fraction, string? message, object? detail)
    {
        var detailJson = TaskJson.SerializeDetail(detail);
        lock (_progressGate)
        {
            _fraction = fraction;
            _message = message;
            _detailJson = detailJson;
            if (_progressQueued)
            {
                return;
            }

            _progressQueued = true;
        }

        _writer.Send(this);
    }

    public WorkerMessage? Take()
    {
        lock (_progressGate)
        {
            _progressQueued = false;
            return new WorkerMessage
            {
                Progress = new Progress
                {
                    RunId = Run.RunId,
                    Fraction = _fraction,
                    Message = _message ?? string.Empty,
                    HasMessage = _message is not null,
                    DetailJson = _detailJson ?? string.Empty,
                },
            };
        }
    }

    public void Dispose() => _cancel.Dispose();
}
