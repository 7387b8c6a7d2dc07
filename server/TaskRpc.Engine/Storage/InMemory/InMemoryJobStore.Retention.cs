using System.Globalization;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage.InMemory;

/// <summary>The in-memory store's deletions (the retention sweep, expired key holders) and its size accounting.</summary>
internal sealed partial class InMemoryJobStore
{
    public ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(DeleteExpired(now));

    private int DeleteExpired(DateTimeOffset now)
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

        return deleted;
    }

    private bool TryDeleteExpired(string jobId, DateTimeOffset now)
    {
        if (!_jobs.TryGetValue(jobId, out var stored))
        {
            return false;
        }

        var job = Read(stored);
        return job.ExpiresAt is { } expiresAt && expiresAt <= now && Remove(jobId, stored, job);
    }

    /// <summary>Counts <paramref name="size"/> more bytes, first dropping expired jobs if they would pass the limit.</summary>
    /// <exception cref="StoreFullException">They would pass it even then.</exception>
    private void Reserve(long size, DateTimeOffset now)
    {
        if (Interlocked.Add(ref _bytes, size) <= _maxBytes)
        {
            return;
        }

        Interlocked.Add(ref _bytes, -size);
        DeleteExpired(now);
        if (Interlocked.Add(ref _bytes, size) <= _maxBytes)
        {
            return;
        }

        var used = Interlocked.Add(ref _bytes, -size);
        throw new StoreFullException(string.Create(
            CultureInfo.InvariantCulture,
            $"The in-memory job store is full: its retained jobs take {used:N0} of its {_maxBytes:N0} bytes (Store:MaxSizeBytes) and this job needs {size:N0}. Retry once finished jobs expire (Engine:ResultRetention), or raise the limit."));
    }

    private void Add(string jobId, StoredJob stored)
    {
        if (!_jobs.TryAdd(jobId, stored))
        {
            throw new InvalidOperationException($"Job '{jobId}' already exists.");
        }
    }

    /// <summary>Removes the job, its index entry and its key, and uncounts its bytes; false when it was gone already.</summary>
    private bool Remove(string jobId, StoredJob stored, JobSnapshot job)
    {
        if (!_jobs.TryRemove(new KeyValuePair<string, StoredJob>(jobId, stored)))
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
                if (_keys.TryGetValue((job.Tenant, key), out var owner) && string.Equals(owner, jobId, StringComparison.Ordinal))
                {
                    _keys.Remove((job.Tenant, key));
                }
            }
        }

        lock (stored)
        {
            Interlocked.Add(ref _bytes, -stored.Bytes);
        }

        return true;
    }
}
