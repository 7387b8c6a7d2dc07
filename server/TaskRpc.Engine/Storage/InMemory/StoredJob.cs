using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage.InMemory;

/// <summary>
/// One job and its event log. Callers lock the instance itself around every access: a job is
/// kept for the whole result retention, so it carries no lock object or list of its own, and its
/// log starts sized for the usual three events (QUEUED, RUNNING, and the terminal one).
/// </summary>
internal sealed class StoredJob
{
    private const int UsualEventCount = 3;
    private JobEvent[] _events;

    public StoredJob(JobSnapshot job, JobEvent created)
    {
        Job = job;
        _events = new JobEvent[UsualEventCount];
        _events[0] = created;
        EventCount = 1;
    }

    public JobSnapshot Job { get; set; }

    public int EventCount { get; private set; }

    /// <summary>What the job and its events take, by <see cref="StoredJobSize"/>.</summary>
    public long Bytes { get; set; }

    public void Append(JobEvent jobEvent)
    {
        if (EventCount == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }

        _events[EventCount++] = jobEvent;
    }

    /// <summary>A copy of <paramref name="count"/> events from index <paramref name="start"/>.</summary>
    public JobEvent[] CopyEvents(int start, int count) => _events.AsSpan(start, count).ToArray();
}
