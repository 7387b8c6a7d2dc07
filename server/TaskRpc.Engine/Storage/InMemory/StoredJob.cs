using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage.InMemory;

/// <summary>One job and its event log; guarded by <see cref="Gate"/>.</summary>
internal sealed class StoredJob
{
    public StoredJob(JobSnapshot job, JobEvent created)
    {
        Job = job;
        Events = [created];
    }

    public Lock Gate { get; } = new();

    public JobSnapshot Job { get; set; }

    public List<JobEvent> Events { get; }
}
