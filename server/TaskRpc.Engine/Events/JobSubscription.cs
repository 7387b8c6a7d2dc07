using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Events;

/// <summary>
/// One subscriber's buffer of live events. Bounded: when <c>capacity</c> events are waiting and a
/// progress event arrives, the buffered progress events are dropped (they are stale) and the new
/// one is kept, so a slow subscriber skips to the latest progress. State changes are never
/// dropped; they may take the buffer past its capacity, but a job has at most
/// 2 × max attempts + 1 of them.
/// </summary>
internal sealed class JobSubscription : IJobListener
{
    private readonly Queue<JobEvent> _buffer = new();
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private TaskCompletionSource? _waiter;

    public JobSubscription(int capacity) => _capacity = capacity;

    /// <summary>How many progress events this subscriber skipped.</summary>
    public long Skipped { get; private set; }

    public void OnEvent(JobEvent jobEvent, JobSnapshot job)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (jobEvent.Progress is not null && _buffer.Count >= _capacity)
            {
                DropBufferedProgress();
            }

            _buffer.Enqueue(jobEvent);
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    public async ValueTask<JobEvent> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_buffer.TryDequeue(out var next))
                {
                    return next;
                }

                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void DropBufferedProgress()
    {
        var count = _buffer.Count;
        for (var i = 0; i < count; i++)
        {
            var buffered = _buffer.Dequeue();
            if (buffered.Progress is null)
            {
                _buffer.Enqueue(buffered);
            }
            else
            {
                Skipped++;
            }
        }
    }
}
