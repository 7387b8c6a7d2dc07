using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>The unfinished jobs this node owns, by id; a job leaves when it ends.</summary>
internal sealed class ActiveJobs
{
    private readonly ConcurrentDictionary<string, JobRuntime> _jobs = new(StringComparer.Ordinal);

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
