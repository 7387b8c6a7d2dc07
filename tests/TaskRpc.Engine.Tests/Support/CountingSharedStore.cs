using System.Collections.Concurrent;
using System.Threading.Channels;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>A shared store passed through, counting the reads of each job's row and of its events: how many a node makes to follow a job.</summary>
internal sealed class CountingSharedStore(ISharedJobStore inner) : ISharedJobStore
{
    private readonly ConcurrentDictionary<string, int> _jobReads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _eventReads = new(StringComparer.Ordinal);

    public bool IsExclusive => inner.IsExclusive;

    public bool OrdersWrites => inner.OrdersWrites;

    public bool OrdersCreateStarted => inner.OrdersCreateStarted;

    /// <summary>How many times the job's row was read (GetAsync).</summary>
    public int JobReads(string jobId) => _jobReads.GetValueOrDefault(jobId);

    /// <summary>How many times the job's events were read (ReadEventsAsync).</summary>
    public int EventReads(string jobId) => _eventReads.GetValueOrDefault(jobId);

    public ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(job, created, cancellationToken);

    public ValueTask<JobSnapshot?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        _jobReads.AddOrUpdate(jobId, 1, static (_, n) => n + 1);
        return inner.GetAsync(jobId, cancellationToken);
    }

    public ValueTask<bool> TryApplyAsync(JobSnapshot job, JobEvent jobEvent, long expectedSequence, CancellationToken cancellationToken = default) =>
        inner.TryApplyAsync(job, jobEvent, expectedSequence, cancellationToken);

    public ValueTask<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        _eventReads.AddOrUpdate(jobId, 1, static (_, n) => n + 1);
        return inner.ReadEventsAsync(jobId, fromSequence, maxCount, cancellationToken);
    }

    public ValueTask<JobPage> ListAsync(JobFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken = default) =>
        inner.ListAsync(filter, pageSize, pageToken, cancellationToken);

    public ValueTask<IReadOnlyList<JobSnapshot>> LoadUnfinishedAsync(CancellationToken cancellationToken = default) => inner.LoadUnfinishedAsync(cancellationToken);

    public ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.DeleteExpiredAsync(now, cancellationToken);

    public ValueTask<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        inner.RenewLeaseAsync(jobId, owner, expiresAt, cancellationToken);

    public Task ListenAsync(ChannelWriter<StoreSignal> signals, CancellationToken cancellationToken = default) => inner.ListenAsync(signals, cancellationToken);

    public ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default) => inner.ClaimAsync(request, cancellationToken);

    public ValueTask<CreateJobResult> CreateStartedAsync(JobSnapshot job, JobEvent created, JobEvent started, CancellationToken cancellationToken = default) =>
        inner.CreateStartedAsync(job, created, started, cancellationToken);

    public ValueTask<bool> RequestCancelAsync(string jobId, string? reason, CancellationToken cancellationToken = default) =>
        inner.RequestCancelAsync(jobId, reason, cancellationToken);

    public ValueTask<IReadOnlyList<CancelRequest>> ReadCancelRequestsAsync(string owner, CancellationToken cancellationToken = default) =>
        inner.ReadCancelRequestsAsync(owner, cancellationToken);

    public ValueTask<IReadOnlyList<JobSnapshot>> FindAbandonedAsync(DateTimeOffset now, string? formerOwner, int maxCount, CancellationToken cancellationToken = default) =>
        inner.FindAbandonedAsync(now, formerOwner, maxCount, cancellationToken);

    public ValueTask<IReadOnlyList<JobSnapshot>> FindStartOverdueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) =>
        inner.FindStartOverdueAsync(now, maxCount, cancellationToken);

    public ValueTask<bool> TryLeadAsync(string owner, DateTimeOffset now, TimeSpan term, CancellationToken cancellationToken = default) =>
        inner.TryLeadAsync(owner, now, term, cancellationToken);
}
