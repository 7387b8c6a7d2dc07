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
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
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

    public void Observe(JobSnapshot job)
    {
        if (!job.State.IsTerminal())
        {
            return;
        }

        int done;
        lock (_gate)
        {
            if (!_done.Add(job.Id))
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
