namespace TaskRpc.Engine.Storage.InMemory;

/// <summary>
/// The ids of jobs with an expiry time, earliest first, so that a retention sweep touches only the
/// jobs that are due instead of every job in the store. An entry may be stale (the job was deleted
/// or its expiry changed since): the sweep checks the job itself before deleting it.
/// </summary>
internal sealed class ExpiryQueue
{
    private readonly PriorityQueue<string, DateTimeOffset> _queue = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(string jobId, DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            _queue.Enqueue(jobId, expiresAt);
        }
    }

    /// <summary>Removes up to <paramref name="max"/> ids due at <paramref name="now"/> into <paramref name="due"/>; false when none was.</summary>
    public bool TakeDue(DateTimeOffset now, List<string> due, int max)
    {
        due.Clear();
        lock (_gate)
        {
            while (due.Count < max && _queue.TryPeek(out var jobId, out var expiresAt) && expiresAt <= now)
            {
                _queue.Dequeue();
                due.Add(jobId);
            }
        }

        return due.Count > 0;
    }
}
