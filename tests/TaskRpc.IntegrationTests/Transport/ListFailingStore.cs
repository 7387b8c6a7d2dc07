using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Storage.InMemory;

namespace TaskRpc.IntegrationTests.Transport;

/// <summary>An in-memory job store whose List fails with an unexpected exception (a bug, as far as the server knows).</summary>
internal sealed class ListFailingStore : IJobStore
{
    public const string Secret = "secret internal detail";
    private readonly InMemoryJobStore _inner = new();

    public bool IsExclusive => _inner.IsExclusive;

    public bool OrdersWrites => ((IJobStore)_inner).OrdersWrites;

    public ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default) => _inner.CreateAsync(job, created, cancellationToken);

    public ValueTask<JobSnapshot?> GetAsync(string jobId, CancellationToken cancellationToken = default) => _inner.GetAsync(jobId, cancellationToken);

    public ValueTask<bool> TryApplyAsync(JobSnapshot job, JobEvent jobEvent, long expectedSequence, CancellationToken cancellationToken = default) =>
        _inner.TryApplyAsync(job, jobEvent, expectedSequence, cancellationToken);

    public ValueTask<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long fromSequence, int maxCount, CancellationToken cancellationToken = default) =>
        _inner.ReadEventsAsync(jobId, fromSequence, maxCount, cancellationToken);

    public ValueTask<JobPage> ListAsync(JobFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken = default) =>
        ValueTask.FromException<JobPage>(new InvalidOperationException(Secret));

    public ValueTask<IReadOnlyList<JobSnapshot>> LoadUnfinishedAsync(CancellationToken cancellationToken = default) => _inner.LoadUnfinishedAsync(cancellationToken);

    public ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => _inner.DeleteExpiredAsync(now, cancellationToken);

    public ValueTask<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        _inner.RenewLeaseAsync(jobId, owner, expiresAt, cancellationToken);
}
