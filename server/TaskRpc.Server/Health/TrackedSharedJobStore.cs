using System.Threading.Channels;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Server.Health;

/// <summary>
/// <see cref="TrackedJobStore"/> for a store shared by several nodes: the same tracking of writes
/// (claims, cancel requests and the lead included), and the cluster calls passed through, so the
/// engine still sees an <see cref="ISharedJobStore"/>.
/// </summary>
internal sealed class TrackedSharedJobStore(ISharedJobStore inner, StoreWriteTracker tracker, bool ownsInner) : ISharedJobStore, IAsyncDisposable, IDisposable
{
    private readonly TrackedJobStore _tracked = new(inner, tracker, ownsInner);

    public bool IsExclusive => inner.IsExclusive;

    public bool OrdersWrites => inner.OrdersWrites;

    public bool OrdersCreateStarted => inner.OrdersCreateStarted;

    public ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default) =>
        _tracked.CreateAsync(job, created, cancellationToken);

    public ValueTask<JobSnapshot?> GetAsync(string jobId, CancellationToken cancellationToken = default) => inner.GetAsync(jobId, cancellationToken);

    public ValueTask<bool> TryApplyAsync(JobSnapshot job, JobEvent jobEvent, long expectedSequence, CancellationToken cancellationToken = default) =>
        _tracked.TryApplyAsync(job, jobEvent, expectedSequence, cancellationToken);

    public ValueTask<IReadOnlyList<JobEvent>> ReadEventsAsync(string jobId, long fromSequence, int maxCount, CancellationToken cancellationToken = default) =>
        inner.ReadEventsAsync(jobId, fromSequence, maxCount, cancellationToken);

    public ValueTask<JobPage> ListAsync(JobFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken = default) =>
        inner.ListAsync(filter, pageSize, pageToken, cancellationToken);

    public ValueTask<IReadOnlyList<JobSnapshot>> LoadUnfinishedAsync(CancellationToken cancellationToken = default) => inner.LoadUnfinishedAsync(cancellationToken);

    public ValueTask<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _tracked.DeleteExpiredAsync(now, cancellationToken);

    public ValueTask<bool> RenewLeaseAsync(string jobId, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        _tracked.RenewLeaseAsync(jobId, owner, expiresAt, cancellationToken);

    public Task ListenAsync(ChannelWriter<StoreSignal> signals, CancellationToken cancellationToken = default) => inner.ListenAsync(signals, cancellationToken);

    public ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default) =>
        _tracked.Track("claim", _tracked.Starting(), inner.ClaimAsync(request, cancellationToken));

    public ValueTask<CreateJobResult> CreateStartedAsync(JobSnapshot job, JobEvent created, JobEvent started, CancellationToken cancellationToken = default) =>
        _tracked.Track("create", _tracked.Starting(), inner.CreateStartedAsync(job, created, started, cancellationToken));

    public ValueTask<bool> RequestCancelAsync(string jobId, string? reason, CancellationToken cancellationToken = default) =>
        _tracked.Track("request_cancel", _tracked.Starting(), inner.RequestCancelAsync(jobId, reason, cancellationToken));

    public ValueTask<IReadOnlyList<CancelRequest>> ReadCancelRequestsAsync(string owner, CancellationToken cancellationToken = default) =>
        inner.ReadCancelRequestsAsync(owner, cancellationToken);

    public ValueTask<IReadOnlyList<JobSnapshot>> FindAbandonedAsync(DateTimeOffset now, string? formerOwner, int maxCount, CancellationToken cancellationToken = default) =>
        inner.FindAbandonedAsync(now, formerOwner, maxCount, cancellationToken);

    public ValueTask<IReadOnlyList<JobSnapshot>> FindStartOverdueAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) =>
        inner.FindStartOverdueAsync(now, maxCount, cancellationToken);

    public ValueTask<bool> TryLeadAsync(string owner, DateTimeOffset now, TimeSpan term, CancellationToken cancellationToken = default) =>
        _tracked.Track("lead", _tracked.Starting(), inner.TryLeadAsync(owner, now, term, cancellationToken));

    public ValueTask DisposeAsync() => _tracked.DisposeAsync();

    public void Dispose() => _tracked.Dispose();
}
