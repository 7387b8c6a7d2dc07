using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The lease heartbeat: one <see cref="TimeProvider"/> timer that, every third of
/// <see cref="EngineOptions.LeaseDuration"/>, renews the lease of every job running on this node
/// (the renewals share the store's group commit). A lease that can't be renewed was taken over
/// by another node (a clustered store), which re-runs or fails the job; this node logs it.
/// </summary>
internal sealed class LeaseKeeper : IDisposable
{
    private readonly ActiveJobs _active;
    private readonly JobStateMachine _stateMachine;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<LeaseKeeper> _logger;
    private ITimer? _timer;
    private int _renewing;

    public LeaseKeeper(ActiveJobs active, JobStateMachine stateMachine, TimeProvider time, IOptions<EngineOptions> options, ILogger<LeaseKeeper> logger)
    {
        _active = active;
        _stateMachine = stateMachine;
        _time = time;
        _interval = options.Value.LeaseDuration / 3;
        _logger = logger;
    }

    public void Start() =>
        _timer ??= _time.CreateTimer(static state => _ = ((LeaseKeeper)state!).RenewAllAsync(), this, _interval, _interval);

    public void Dispose() => _timer?.Dispose();

    /// <summary>Renews the lease of every running job; a tick that finds the previous one still running does nothing.</summary>
    public async Task RenewAllAsync()
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 1)
        {
            return;
        }

        try
        {
            var renewals = new List<Task>();
            foreach (var rt in _active.ToArray())
            {
                if (rt.Current.State == JobState.Running)
                {
                    renewals.Add(RenewAsync(rt));
                }
            }

            await Task.WhenAll(renewals).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    private async Task RenewAsync(JobRuntime rt)
    {
        try
        {
            if (!await _stateMachine.RenewLeaseAsync(rt).ConfigureAwait(false))
            {
                StoreLog.LeaseLost(_logger, rt.Id);
                rt.RequestCancel(CancelReason.Shutdown, null); // Another node runs or ended it: stop this attempt; its outcome is not written.
            }
        }
#pragma warning disable CA1031 // The next heartbeat tries again; the lease outlives several missed ones.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            StoreLog.LeaseRenewFailed(_logger, rt.Id, failure);
        }
    }
}
