using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Events;

/// <summary>The listeners of one job; removed from the hub when the last one detaches.</summary>
internal sealed class JobListeners
{
    private readonly List<IJobListener> _listeners = [];

    public Lock Gate { get; } = new();

    /// <summary>Set (under <see cref="Gate"/>) once removed from the hub: attach must retry with a fresh entry.</summary>
    public bool Removed { get; set; }

    public int Count => _listeners.Count;

    public void Add(IJobListener listener) => _listeners.Add(listener);

    public void Remove(IJobListener listener) => _listeners.Remove(listener);

    public void Publish(JobEvent jobEvent, JobSnapshot job)
    {
        lock (Gate)
        {
            foreach (var listener in _listeners)
            {
                listener.OnEvent(jobEvent, job);
            }
        }
    }
}
