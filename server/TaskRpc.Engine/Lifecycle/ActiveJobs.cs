using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The unfinished jobs this node owns, by id; a job leaves when it ends. With a shared store the
/// last <see cref="EndedKept"/> jobs that ended here are also kept after they ended
/// (<see cref="KeepEnded"/>): a job started here often ends in the commit that created it, before
/// its submitter's wait for it starts, which then needs no store read.
/// </summary>
internal sealed class ActiveJobs
{
    private const int EndedKept = 1024;

    /// <summary>A kept job's args and result are at most this many bytes together, so the kept jobs pin at most 64 MiB of payloads.</summary>
    private const int EndedKeptMaxPayload = 64 * 1024;
    private readonly ConcurrentDictionary<string, JobRuntime> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JobSnapshot> _ended = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _endedOrder = new();

    public int Count => _jobs.Count;

    public bool TryAdd(JobRuntime job) => _jobs.TryAdd(job.Id, job);

    public bool TryGet(string id, [NotNullWhen(true)] out JobRuntime? job) => _jobs.TryGetValue(id, out job);

    /// <summary>Removes the job; one that has not ended here is <see cref="JobRuntime.Relinquish">relinquished</see>, so its waiters follow it through the store.</summary>
    public void Remove(JobRuntime job)
    {
        if (_jobs.TryRemove(new KeyValuePair<string, JobRuntime>(job.Id, job)))
        {
            job.Relinquish();
        }
    }

    public bool Contains(string id) => _jobs.ContainsKey(id);

    /// <summary>
    /// Keeps a job's terminal snapshot after it left (the oldest kept one goes when there are more
    /// than <see cref="EndedKept"/>), unless its payloads are bigger than <see cref="EndedKeptMaxPayload"/>.
    /// </summary>
    public void KeepEnded(JobSnapshot job)
    {
        if (job.Args.Data.Length + (job.Result?.Data.Length ?? 0) > EndedKeptMaxPayload || !_ended.TryAdd(job.Id, job))
        {
            return;
        }

        _endedOrder.Enqueue(job.Id);
        while (_endedOrder.Count > EndedKept && _endedOrder.TryDequeue(out var oldest))
        {
            _ended.TryRemove(oldest, out _);
        }
    }

    /// <summary>A job's terminal snapshot when it was <see cref="KeepEnded">kept</see> and still is.</summary>
    public bool TryGetEnded(string id, [NotNullWhen(true)] out JobSnapshot? job) => _ended.TryGetValue(id, out job);

    /// <summary>The jobs, enumerated without locking (for stats: a job added or removed meanwhile may or may not show).</summary>
    public IEnumerable<JobRuntime> Enumerate()
    {
        foreach (var entry in _jobs)
        {
            yield return entry.Value;
        }
    }

    /// <summary>A moment's copy of the jobs, for shutdown.</summary>
    public JobRuntime[] ToArray()
    {
        var jobs = new List<JobRuntime>(_jobs.Count);
        foreach (var entry in _jobs)
        {
            jobs.Add(entry.Value);
        }

        return [.. jobs];
    }
}
