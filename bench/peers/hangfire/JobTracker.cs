using System.Collections.Concurrent;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace TaskRpc.Bench.Hangfire;

/// <summary>
/// How a caller learns that its job finished, in this process and without touching the storage:
/// a global Hangfire filter that stamps a job's start (<see cref="IServerFilter.OnPerforming"/>)
/// and completes the job's <see cref="TrackedJob.Done"/> when Hangfire applies its Succeeded (or
/// Failed) state, inside the state's write transaction just before its commit — so it favours
/// Hangfire by at most that commit. A caller that enqueues and a worker that finishes race for the
/// entry; whichever comes first creates it.
/// </summary>
internal sealed class JobTracker : IServerFilter, IApplyStateFilter
{
    private readonly ConcurrentDictionary<string, TrackedJob> _jobs = new(StringComparer.Ordinal);
    private long _succeeded;

    /// <summary>Jobs whose Succeeded state was applied since the start.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    public TrackedJob Get(string id) => _jobs.GetOrAdd(id, static _ => new TrackedJob());

    public void Forget(string id) => _jobs.TryRemove(id, out _);

    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Get(context.BackgroundJob.Id).MarkStarted();
    }

    public void OnPerformed(PerformedContext context)
    {
        // The outcome is taken from the state Hangfire applies next.
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (context.NewState)
        {
            case SucceededState:
                Interlocked.Increment(ref _succeeded);
                Get(context.BackgroundJob.Id).Done.TrySetResult(true);
                break;
            case FailedState:
                Get(context.BackgroundJob.Id).Done.TrySetResult(false);
                break;
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        // Nothing to undo.
    }
}
