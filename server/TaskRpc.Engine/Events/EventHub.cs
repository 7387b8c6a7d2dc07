using System.Collections.Concurrent;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Events;

/// <summary>
/// Fans committed job events out to in-process listeners (subscriptions and waiters). The state
/// machine publishes each event after the store has it, in sequence order per job, so a listener
/// that attaches before reading the store's history sees every later event: no gap, and
/// duplicates are recognised by sequence. Publishing never blocks on a listener. With a store
/// shared by several nodes, the hub also carries the events of jobs other nodes run (see the
/// other part of this class).
/// </summary>
internal sealed partial class EventHub
{
    private readonly ConcurrentDictionary<string, JobListeners> _jobs = new(StringComparer.Ordinal);

    public void Publish(JobEvent jobEvent, JobSnapshot job)
    {
        if (!_jobs.IsEmpty && _jobs.TryGetValue(jobEvent.JobId, out var listeners) && !listeners.Publish(jobEvent, job))
        {
            CatchUp(listeners, jobEvent.Sequence);
        }
    }

    public void Attach(string jobId, IJobListener listener)
    {
        while (true)
        {
            var listeners = _jobs.GetOrAdd(jobId, static id => new JobListeners(id, sequenced: false));
            lock (listeners.Gate)
            {
                if (!listeners.Removed)
                {
                    listeners.Add(listener);
                    return;
                }
            }
        }
    }

    public void Detach(string jobId, IJobListener listener)
    {
        if (!_jobs.TryGetValue(jobId, out var listeners))
        {
            return;
        }

        lock (listeners.Gate)
        {
            listeners.Remove(listener);
            if (listeners.Count == 0 && !listeners.Removed)
            {
                listeners.Removed = true;
                _jobs.TryRemove(new KeyValuePair<string, JobListeners>(jobId, listeners));
            }
        }
    }
}
