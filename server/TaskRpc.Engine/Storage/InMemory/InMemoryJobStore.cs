using System.Collections.Concurrent;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage.InMemory;

/// <summary>
/// A thread-safe, in-process <see cref="IJobStore"/>: jobs in a concurrent dictionary, each with
/// its own lock around its snapshot and event log, plus an id-ordered index for listing.
/// Every call completes synchronously.
/// </summary>
internal sealed class InMemoryJobStore : IJobStore
{
    private readonly ConcurrentDictionary<string, StoredJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly Lock _keysGate = new();
    private readonly SortedSet<string> _index = new(StringComparer.Ordinal);
    private readonly Lock _indexGate = new();
    private readonly ExpiryQueue _expiries = new();

    public bool IsExclusive => true;

    /// <summary>True: every write is done when its call returns.</summary>
    public bool OrdersWrites => true;

    public ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(created);
        if (created.Sequence != 1 || job.LastSequence != 1)
        {
            throw new ArgumentException("A new job starts at sequence 1.", nameof(created));
        }

        var stored = new StoredJob(job, created);
        if (job.IdempotencyKey is { } key)
        {
            lock (_keysGate)
            {
                if (_keys.TryGetValue(key, out var existingId) && _jobs.TryGetValue(existingId, out var existing))
                {
                    return ValueTask.FromResult(new CreateJobResult(Read(existing), Created: false));
                }

                if (!_jobs.TryAdd(job.Id, stored))
                {
                    throw new InvalidOperationException($"Job '{job.Id}' already exists.");
                }

                _keys[key] = job.Id;
            }
        }
        else if (!_jobs.TryAdd(job.Id, stored))
        {
            throw new InvalidOperationException($"Job '{job.Id}' already exists.");
        }

        lock (_indexGate)
        {
            _index.Add(job.Id);
        }

        if (job.ExpiresAt is { } expiresAt)
        {
            _expiries.Add(job.Id, expiresAt);
        }

        return ValueTask.FromResult(new CreateJobResult(job, Created: true));
    }

    public ValueTask<JobSnapshot?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_jobs.TryGetValue(jobId, out var stored) ? Read(stored) : null);

    public ValueTask<bool> TryApplyAsync(JobSnapshot job, JobEvent jobEvent, long expectedSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(jobEvent);
        if (jobEvent.Sequence != expectedSequence + 1 || job.LastSequence != jobEvent.Sequence)
        {
            throw new ArgumentException("The event's sequence must follow the expected one and match the snapshot's.", nameof(jobEvent));
        }

        if (!_jobs.TryGetValue(job.Id, out var stored))
        {
            return ValueTask.FromResult(false);
        }

        lock (stored)
        {
            if (stored.Job.LastSequence != expectedSequence)
            {
                return ValueTask.FromResult(false);
            }

            var expiryChanged = job.ExpiresAt != stored.Job.ExpiresAt;
            stored.Job = job;
            stored.Append(jobEvent);
            if (expiryChanged && job.ExpiresAt is { } expiresAt)
            {
                _expiries.Add(job.Id, expiresAt);
            }
        }

        return ValueTask.FromResult(true);
    }

    public ValueTask<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        if (!_jobs.TryGetValue(jobId, out var stored))
        {
            return ValueTask.FromResult<IReadOnlyList<JobEvent>>([]);
        }

        lock (stored)
        {
            var start = (int)Math.Max(0, fromSequence - 1);
            var count = Math.Min(maxCount, stored.EventCount - start);
            IReadOnlyList<JobEvent> events = count <= 0 ? [] : stored.CopyEvents(start, count);
            return ValueTask.FromResult(events);
        }
    }

    public ValueTask<JobPage> ListAsync(JobFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var page = new List<JobSnapshot>(Math.Min(pageSize + 1, 1024));
        lock (_indexGate)
        {
            IEnumerable<string> newestFirst;
            if (string.IsNullOrEmpty(pageToken))
            {
                newestFirst = _index.Reverse();
            }
            else if (_index.Count == 0 || string.CompareOrdinal(pageToken, _index.Min) <= 0)
            {
                newestFirst = [];
            }
            else
            {
                newestFirst = _index.GetViewBetween(_index.Min, pageToken).Reverse();
            }

            foreach (var id in newestFirst)
            {
                if (string.Equals(id, pageToken, StringComparison.Ordinal) || !_jobs.TryGetValue(id, out var stored))
                {
                    continue;
                }

                var job = Read(stored);
                if (filter.Matches(job))
                {
                    page.Add(job);
                    if (page.Count > pageSize)
                    {
                        break;
                    }
                }
            }
        }

        if (page.Count <= pageSize)
        {
            return ValueTask.FromResult(new JobPage(page, null));
        }

        page.RemoveAt(pageSize);
        return ValueTask.FromResult(new JobPage(page, page[^1].Id));
    }

    public ValueTask<IReadOnlyList<JobSnapshot>> LoadUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        var unfinished = new List<JobSnapshot>();
        foreach (var entry in _jobs)
        {
            var job = Read(entry.Value);
            if (!job.State.IsTerminal())
            {
                unfinished.Add(job);
            }
        }

        unfinished.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return ValueTask.FromResult<IReadOnlyList<JobSnapshot>>(unfinished);
    }

    public ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        var due = new List<string>();
        while (_expiries.TakeDue(now, due, max: 1024))
        {
            foreach (var jobId in due)
            {
                deleted += TryDeleteExpired(jobId, now) ? 1 : 0;
            }
        }

        return ValueTask.FromResult(deleted);
    }

    public ValueTask<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        if (!_jobs.TryGetValue(jobId, out var stored))
        {
            return ValueTask.FromResult(false);
        }

        lock (stored)
        {
            var job = stored.Job;
            if (job.State != JobState.Running || !string.Equals(job.LeaseOwner, owner, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(false);
            }

            stored.Job = job with { LeaseExpiresAt = expiresAt };
            return ValueTask.FromResult(true);
        }
    }

    private bool TryDeleteExpired(string jobId, DateTimeOffset now)
    {
        if (!_jobs.TryGetValue(jobId, out var stored))
        {
            return false;
        }

        var job = Read(stored);
        if (job.ExpiresAt is not { } expiresAt || expiresAt > now || !_jobs.TryRemove(new KeyValuePair<string, StoredJob>(jobId, stored)))
        {
            return false;
        }

        lock (_indexGate)
        {
            _index.Remove(jobId);
        }

        if (job.IdempotencyKey is { } key)
        {
            lock (_keysGate)
            {
                if (_keys.TryGetValue(key, out var owner) && string.Equals(owner, jobId, StringComparison.Ordinal))
                {
                    _keys.Remove(key);
                }
            }
        }

        return true;
    }

    private static JobSnapshot Read(StoredJob stored)
    {
        lock (stored)
        {
            return stored.Job;
        }
    }
}
