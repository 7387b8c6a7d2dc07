using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Events;

/// <summary>
/// The listeners of one job; removed from the hub when the last one detaches. With a shared
/// store (<see cref="Sequenced"/>) it also tracks the last sequence its listeners were given, so
/// events published here and events read back from the store reach them once each, in order.
/// </summary>
internal sealed class JobListeners
{
    private readonly List<IJobListener> _listeners = [];

    public JobListeners(string jobId, bool sequenced)
    {
        JobId = jobId;
        Sequenced = sequenced;
        Last = sequenced ? -1 : 0;
    }

    public string JobId { get; }

    public Lock Gate { get; } = new();

    /// <summary>Set (under <see cref="Gate"/>) once removed from the hub: attach must retry with a fresh entry.</summary>
    public bool Removed { get; set; }

    public int Count => _listeners.Count;

    /// <summary>Events are given in sequence order without gaps, each once (a store shared by several nodes).</summary>
    public bool Sequenced { get; }

    /// <summary>The last sequence given to the listeners; -1 until known (<see cref="Sequenced"/> only). Under <see cref="Gate"/>.</summary>
    public long Last { get; set; }

    /// <summary>The store read that sets <see cref="Last"/> when the first listener attaches. Under <see cref="Gate"/>.</summary>
    public Task<JobSnapshot?>? Init { get; set; }

    /// <summary>Signals may have been missed: the store must be read from <see cref="Last"/> + 1, whatever <see cref="Wanted"/> says. Under <see cref="Gate"/>.</summary>
    public bool Behind { get; set; }

    /// <summary>
    /// The highest sequence a signal or a publish said exists; a catch-up reads only while
    /// <see cref="Last"/> is below it (or <see cref="Behind"/> asks for a read of whatever there is). Under <see cref="Gate"/>.
    /// </summary>
    public long Wanted { get; set; }

    /// <summary>The job as of <see cref="Last"/> (every later event is given to the listeners), or null when not known. Under <see cref="Gate"/>.</summary>
    public JobSnapshot? Current { get; set; }

    /// <summary>A catch-up read runs; <see cref="Behind"/> asks it for another round. Under <see cref="Gate"/>.</summary>
    public bool CatchingUp { get; set; }

    /// <summary>The latest snapshot read from the store, given with events read back from it.</summary>
    public JobSnapshot? Snapshot { get; set; }

    public void Add(IJobListener listener) => _listeners.Add(listener);

    public void Remove(IJobListener listener) => _listeners.Remove(listener);

    /// <summary>Gives the event to the listeners; false when it is ahead of <see cref="Last"/> + 1 (a catch-up read must fill the gap).</summary>
    public bool Publish(JobEvent jobEvent, JobSnapshot job)
    {
        lock (Gate)
        {
            return PublishLocked(jobEvent, job);
        }
    }

    /// <summary><see cref="Publish"/> with <see cref="Gate"/> held.</summary>
    public bool PublishLocked(JobEvent jobEvent, JobSnapshot job)
    {
        if (Sequenced)
        {
            if (Last < 0 || jobEvent.Sequence > Last + 1)
            {
                Wanted = Math.Max(Wanted, jobEvent.Sequence);
                return Last < 0; // Before the first read, Init catches up once it has Last.
            }

            if (jobEvent.Sequence <= Last)
            {
                return true; // Given already.
            }

            Last = jobEvent.Sequence;
            Current = job.LastSequence == jobEvent.Sequence ? job : null;
        }

        foreach (var listener in _listeners)
        {
            listener.OnEvent(jobEvent, job);
        }

        return true;
    }
}
