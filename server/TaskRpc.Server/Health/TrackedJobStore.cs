using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Server.Health;

/// <summary>
/// The configured job store, with the outcome of each write reported to <see cref="StoreWriteTracker"/>
/// for the health check and its duration to the <c>taskrpc.store.write.duration</c> histogram (a
/// store method that throws instead of returning a faulted task is not seen). Reads pass straight through; a write that completed synchronously costs no allocation.
/// </summary>
internal sealed class TrackedJobStore(IJobStore inner, StoreWriteTracker tracker, bool ownsInner) : IJobStore, IAsyncDisposable, IDisposable
{
    public bool IsExclusive => inner.IsExclusive;

    public bool OrdersWrites => inner.OrdersWrites;

    public ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default) =>
        Track("create", tracker.Starting(), inner.CreateAsync(job, created, cancellationToken));

    public ValueTask<JobSnapshot?> GetAsync(string jobId, CancellationToken cancellationToken = default) => inner.GetAsync(jobId, cancellationToken);

    public ValueTask<bool> TryApplyAsync(JobSnapshot job, JobEvent jobEvent, long expectedSequence, CancellationToken cancellationToken = default) =>
        Track("apply", tracker.Starting(), inner.TryApplyAsync(job, jobEvent, expectedSequence, cancellationToken));

    public ValueTask<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long fromSequence, int maxCount, CancellationToken cancellationToken = default) =>
        inner.ReadEventsAsync(jobId, fromSequence, maxCount, cancellationToken);

    public ValueTask<JobPage> ListAsync(JobFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken = default) =>
        inner.ListAsync(filter, pageSize, pageToken, cancellationToken);

    public ValueTask<IReadOnlyList<JobSnapshot>> LoadUnfinishedAsync(CancellationToken cancellationToken = default) => inner.LoadUnfinishedAsync(cancellationToken);

    public ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Track("delete_expired", tracker.Starting(), inner.DeleteExpiredAsync(now, cancellationToken));

    public ValueTask<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        Track("renew_lease", tracker.Starting(), inner.RenewLeaseAsync(jobId, owner, expiresAt, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (!ownsInner)
        {
            return;
        }

        if (inner is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (inner is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    public void Dispose()
    {
        if (ownsInner && inner is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    /// <summary>The start of a write, for <see cref="Track"/> (also used by <see cref="TrackedSharedJobStore"/>).</summary>
    public long Starting() => tracker.Starting();

    /// <summary>Reports the write's outcome to the tracker (also used by <see cref="TrackedSharedJobStore"/>).</summary>
    public ValueTask<T> Track<T>(string operation, long started, ValueTask<T> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            tracker.Succeeded(operation, started);
            return pending;
        }

        return AwaitAsync(operation, started, pending);
    }

    private async ValueTask<T> AwaitAsync<T>(string operation, long started, ValueTask<T> pending)
    {
        try
        {
            var result = await pending.ConfigureAwait(false);
            tracker.Succeeded(operation, started);
            return result;
        }
        catch (Exception error)
        {
            tracker.Failed(operation, started, error);
            throw;
        }
    }
}
