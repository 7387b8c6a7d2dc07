using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Events;

/// <summary>Completes with the job's snapshot when its terminal event is published.</summary>
internal sealed class JobAwaiter : IJobListener
{
    private readonly TaskCompletionSource<JobSnapshot> _terminal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<JobSnapshot> Terminal => _terminal.Task;

    public void OnEvent(JobEvent jobEvent, JobSnapshot job)
    {
        if (jobEvent.IsTerminal)
        {
            _terminal.TrySetResult(job);
        }
    }
}
