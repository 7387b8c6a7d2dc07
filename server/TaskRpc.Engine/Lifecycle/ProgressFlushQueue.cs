using System.Collections.Concurrent;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The progress flushes that are due now, run from one thread-pool work item for all that fall
/// due together (a job's first report, and flushes whose interval ended in one timer wake-up),
/// instead of one work item each. A job whose pending report was already taken when its turn
/// comes (the attempt ended meanwhile and published it before its final event, as a handler that
/// reports and returns at once does) is skipped without entering its gate.
/// </summary>
internal sealed class ProgressFlushQueue : IThreadPoolWorkItem
{
    private readonly ConcurrentQueue<JobRuntime> _due = new();
    private readonly Action<JobRuntime> _flush;
    private int _scheduled;

    /// <param name="flush">Starts one job's flush (it must not throw; it may complete later).</param>
    public ProgressFlushQueue(Action<JobRuntime> flush) => _flush = flush;

    /// <summary>Queues a flush of <paramref name="job"/>'s pending report, to run soon on the thread pool.</summary>
    public void Enqueue(JobRuntime job)
    {
        _due.Enqueue(job);
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        // Cleared before draining: a job queued after this point schedules another run, so none is left behind.
        Volatile.Write(ref _scheduled, 0);
        while (_due.TryDequeue(out var job))
        {
            if (job.HasPendingProgress)
            {
                _flush(job);
            }
        }
    }
}
