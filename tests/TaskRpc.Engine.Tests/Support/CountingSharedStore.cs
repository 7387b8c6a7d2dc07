using System.Collections.Concurrent;
using System.Threading.Channels;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>
/// A shared store passed through, counting the reads of each job's row and of its events (how
/// many a node makes to follow a job), the creates of each kind and the claims; claims can be held
/// at a gate (<see cref="HoldClaims"/>).
/// </summary>
internal sealed class CountingSharedStore(ISharedJobStore inner) : ISharedJobStore
{
    private readonly ConcurrentDictionary<string, int> _jobReads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _eventReads = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _claimHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _claimGate;
    private int _createdQueued;
    private int _createdStarted;
    private int _claimsStarted;
    private int _claimsEnded;
    private int _claimsStartedAtResync = -1;

    public bool IsExclusive => inner.IsExclusive;

    public bool OrdersWrites => inner.OrdersWrites;

    public bool OrdersCreateStarted => inner.OrdersCreateStarted;

    /// <summary>How many times the job's row was read (GetAsync).</summary>
    public int JobReads(string jobId) => _jobReads.GetValueOrDefault(jobId);

    /// <summary>How many times the job's events were read (ReadEventsAsync).</summary>
    public int EventReads(string jobId) => _eventReads.GetValueOrDefault(jobId);

    /// <summary>Jobs created queued (CreateAsync).</summary>
    public int CreatedQueued => Volatile.Read(ref _createdQueued);

    /// <summary>Jobs created started (CreateStartedAsync).</summary>
    public int CreatedStarted => Volatile.Read(ref _createdStarted);

    /// <summary>
    /// True once the node listens (its first <see cref="StoreSignalKind.Resync"/> went through),
    /// a claim round started after that (the node's wake on listening) and no claim is under way.
    /// </summary>
    public bool ClaimsSettled
    {
        get
        {
            var atResync = Volatile.Read(ref _claimsStartedAtResync);
            var started = Volatile.Read(ref _claimsStarted);
            return atResync >= 0 && started > atResync && Volatile.Read(ref _claimsEnded) == started;
        }
    }

    /// <summary>Completes when a claim reaches the gate of <see cref="HoldClaims"/>.</summary>
    public Task ClaimHeld => _claimHeld.Task;

    /// <summary>Holds every claim from now on until the returned source completes.</summary>
    public TaskCompletionSource HoldClaims()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _claimGate, gate);
        return gate;
    }

    public ValueTask<CreateJobResult> CreateAsync(JobSnapshot job, JobEvent created, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _createdQueued);
        return inner.CreateAsync(job, created, cancellationToken);
    }

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

    public Task ListenAsync(ChannelWriter<StoreSignal> signals, CancellationToken cancellationToken = default) =>
        inner.ListenAsync(new SignalTap(signals, this), cancellationToken);

    public async ValueTask<ClaimResult> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _claimsStarted);
        try
        {
            if (Volatile.Read(ref _claimGate) is { } gate)
            {
                _claimHeld.TrySetResult();
                await gate.Task.WaitAsync(cancellationToken);
            }

            return await inner.ClaimAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _claimsEnded);
        }
    }

    public ValueTask<CreateJobResult> CreateStartedAsync(JobSnapshot job, JobEvent created, JobEvent started, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _createdStarted);
        return inner.CreateStartedAsync(job, created, started, cancellationToken);
    }

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

    /// <summary>Passes the store's signals on to the node, noting when it first listens.</summary>
    private sealed class SignalTap(ChannelWriter<StoreSignal> node, CountingSharedStore store) : ChannelWriter<StoreSignal>
    {
        public override bool TryWrite(StoreSignal item)
        {
            if (item.Kind == StoreSignalKind.Resync)
            {
                Interlocked.CompareExchange(ref store._claimsStartedAtResync, Volatile.Read(ref store._claimsStarted), -1);
            }

            return node.TryWrite(item);
        }

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => node.WaitToWriteAsync(cancellationToken);

        public override bool TryComplete(Exception? error = null) => node.TryComplete(error);
    }
}
