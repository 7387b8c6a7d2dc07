using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Events;

/// <summary>
/// <c>asyncio.wait</c>'s condition across many jobs: completes when its <see cref="ReturnWhen"/>
/// is met. Each job counts once, whether seen through an event or a snapshot.
/// </summary>
internal sealed class WaitGroup : IJobListener
{
    private readonly ReturnWhen _returnWhen;
    private readonly int _total;
    private readonly Dictionary<string, JobSnapshot> _done = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _met = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WaitGroup(ReturnWhen returnWhen, int total)
    {
        _returnWhen = returnWhen;
        _total = total;
    }

    public Task Met => _met.Task;

    public void OnEvent(JobEvent jobEvent, JobSnapshot job)
    {
        if (jobEvent.IsTerminal)
        {
            Observe(job);
        }
    }

    /// <summary>The job's terminal snapshot, once it was observed ended; null before.</summary>
    public JobSnapshot? Ended(string jobId)
    {
        lock (_gate)
        {
            return _done.GetValueOrDefault(jobId);
        }
    }

    /// <summary>Following a job failed (the store, say): the wait fails with <paramref name="failure"/>.</summary>
    public void Fail(Exception failure) => _met.TrySetException(failure);

    public void Observe(JobSnapshot job)
    {
        if (!job.State.IsTerminal())
        {
            return;
        }

        int done;
        lock (_gate)
        {
            if (!_done.TryAdd(job.Id, job))
            {
                return;
            }

            done = _done.Count;
        }

        if (done >= _total
            || _returnWhen == ReturnWhen.FirstCompleted
            || (_returnWhen == ReturnWhen.FirstException && job.State != JobState.Succeeded))
        {
            _met.TrySetResult();
        }
    }
}
