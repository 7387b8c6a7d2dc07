using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage.InMemory;

/// <summary>
/// A thread-safe, in-process <see cref="IJobStore"/>: jobs in a concurrent dictionary, each with
/// its own lock around its snapshot and event log, plus an id-ordered index for listing. What the
/// jobs hold is counted (<see cref="StoredJobSize"/>) against
/// <see cref="InMemoryJobStoreOptions.MaxSizeBytes"/>: a new job that would pass it is refused
/// with <see cref="StoreFullException"/> once the expired jobs are dropped; transitions of
/// accepted jobs are never refused. Every call completes synchronously.
/// </summary>
internal sealed partial class InMemoryJobStore : IJobStore
{
    private readonly ConcurrentDictionary<string, StoredJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, string Key), string> _keys = [];
    private readonly Lock _keysGate = new();
    private readonly SortedSet<string> _index = new(StringComparer.Ordinal);
    private readonly Lock _indexGate = new();
    private readonly ExpiryQueue _expiries = new();
    private readonly long _maxBytes;
    private long _bytes;

    public InMemoryJobStore(InMemoryJobStoreOptions? options = null)
    {
        _maxBytes = (options ?? new InMemoryJobStoreOptions()).MaxSizeBytes;
        if (_maxBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _maxBytes, "Store:MaxSizeBytes must be positive.");
        }
    }

    public bool IsExclusive => true;

    /// <summary>The store as registered in DI, with its configured options.</summary>
    public static InMemoryJobStore Create(IServiceProvider services) =>
        new(services.GetService<IOptions<InMemoryJobStoreOptions>>()?.Value);

    /// <summary>True: every write is done when its call returns.</summary>
    public bool OrdersWrites => true;

    /// <summary>What the retained jobs take now, by <see cref="StoredJobSize"/>.</summary>
    internal long SizeBytes => Interlocked.Read(ref _bytes);

    public ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(created);
        if (created.Sequence != 1 || job.LastSequence != 1)
        {
            throw new ArgumentException("A new job starts at sequence 1.", nameof(created));
        }

        var size = StoredJobSize.Of(job) + StoredJobSize.Of(created);
        Reserve(size, job.CreatedAt);
        var stored = new StoredJob(job, created) { Bytes = size };
        try
        {
            if (job.IdempotencyKey is { } key)
            {
                lock (_keysGate)
                {
                    if (_keys.TryGetValue((job.Tenant, key), out var existingId) && _jobs.TryGetValue(existingId, out var existing))
                    {
                        var holder = Read(existing);
                        if (!(holder.ExpiresAt <= job.CreatedAt))
                        {
                            Interlocked.Add(ref _bytes, -size);
                            return ValueTask.FromResult(new CreateJobResult(holder, Created: false));
                        }

                        Remove(existingId, existing, holder); // Past its retention: gone, whether or not the sweep has run.
                    }

                    Add(job.Id, stored);
                    _keys[(job.Tenant, key)] = job.Id;
                }
            }
            else
            {
                Add(job.Id, stored);
            }
        }
        catch
        {
            Interlocked.Add(ref _bytes, -size);
            throw;
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
            var delta = StoredJobSize.Of(job) - StoredJobSize.Of(stored.Job) + StoredJobSize.Of(jobEvent);
            stored.Bytes += delta;
            Interlocked.Add(ref _bytes, delta);
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

    private static JobSnapshot Read(StoredJob stored)
    {
        lock (stored)
        {
            return stored.Job;
        }
    }
}
