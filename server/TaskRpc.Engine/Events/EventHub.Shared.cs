using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Engine.Events;

/// <summary>
/// The hub with a store shared by several nodes: a job's events may be written by another node,
/// so the store's event log is the source of truth and a signal (or a local publish that is ahead)
/// only makes the hub read the log from the last sequence its listeners were given. A job's entry
/// learns that sequence from the store when its first listener attaches, before the listener
/// reads anything itself: every later event is given by the hub, each once, in order.
/// </summary>
internal sealed partial class EventHub
{
    private const int CatchUpBatch = 256;
    private ISharedJobStore? _shared;

    /// <summary>True once <see cref="UseSharedStore"/> was called.</summary>
    public bool IsShared => _shared is not null;

    /// <summary>Switches the hub to the shared store's sequenced delivery (at start, before any listener attaches).</summary>
    public void UseSharedStore(ISharedJobStore store) => _shared = store;

    /// <summary>
    /// Attaches a listener. With a shared store it completes once the job's entry knows the last
    /// sequence (a store read the first time); the caller reads the store only after that. On
    /// failure the listener is detached again.
    /// </summary>
    public ValueTask AttachAsync(string jobId, IJobListener listener, CancellationToken cancellationToken = default)
    {
        if (_shared is not { } store)
        {
            Attach(jobId, listener);
            return ValueTask.CompletedTask;
        }

        while (true)
        {
            var listeners = _jobs.GetOrAdd(jobId, static id => new JobListeners(id, sequenced: true));
            Task? init;
            lock (listeners.Gate)
            {
                if (listeners.Removed)
                {
                    continue;
                }

                listeners.Add(listener);
                init = listeners.Last >= 0 ? null : listeners.Init ??= Task.Run(() => InitAsync(store, listeners), CancellationToken.None);
            }

            return init is null ? ValueTask.CompletedTask : AwaitInitAsync(init, jobId, listener, cancellationToken);
        }
    }

    /// <summary>Another node wrote job <paramref name="jobId"/>'s event <paramref name="sequence"/>: listeners here get it from the store.</summary>
    public void OnRemoteChange(string jobId, long sequence)
    {
        if (_jobs.IsEmpty || !_jobs.TryGetValue(jobId, out var listeners))
        {
            return;
        }

        lock (listeners.Gate)
        {
            if (listeners.Last < 0 || sequence <= listeners.Last)
            {
                listeners.Behind |= listeners.Last < 0;
                return;
            }
        }

        CatchUp(listeners);
    }

    /// <summary>Signals may have been missed: every followed job is read from the store from its last sequence.</summary>
    public void CatchUpAll()
    {
        foreach (var entry in _jobs)
        {
            CatchUp(entry.Value);
        }
    }

    private async ValueTask AwaitInitAsync(Task init, string jobId, IJobListener listener, CancellationToken cancellationToken)
    {
        try
        {
            await init.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Detach(jobId, listener);
            throw;
        }
    }

    private async Task InitAsync(ISharedJobStore store, JobListeners listeners)
    {
        JobSnapshot? job;
        try
        {
            job = await store.GetAsync(listeners.JobId).ConfigureAwait(false);
        }
        catch
        {
            lock (listeners.Gate)
            {
                listeners.Init = null; // The next attach tries again.
            }

            throw;
        }

        bool behind;
        lock (listeners.Gate)
        {
            listeners.Snapshot = job;
            listeners.Last = job?.LastSequence ?? 0;
            behind = listeners.Behind;
        }

        if (behind)
        {
            CatchUp(listeners);
        }
    }

    /// <summary>Reads the job's events after <see cref="JobListeners.Last"/> from the store and gives them, in rounds while more come.</summary>
    private void CatchUp(JobListeners listeners)
    {
        if (_shared is not { } store)
        {
            return;
        }

        lock (listeners.Gate)
        {
            if (listeners.Last < 0 || listeners.Removed)
            {
                return; // Init reads and catches up itself; a removed entry has nobody to give events to.
            }

            listeners.Behind = true;
            if (listeners.CatchingUp)
            {
                return;
            }

            listeners.CatchingUp = true;
        }

        _ = CatchUpAsync(store, listeners);
    }

    private static async Task CatchUpAsync(ISharedJobStore store, JobListeners listeners)
    {
        try
        {
            while (true)
            {
                long from;
                lock (listeners.Gate)
                {
                    if (!listeners.Behind || listeners.Removed)
                    {
                        listeners.CatchingUp = false;
                        return;
                    }

                    listeners.Behind = false;
                    from = listeners.Last + 1;
                }

                var events = await store.ReadEventsAsync(listeners.JobId, from, CatchUpBatch).ConfigureAwait(false);
                if (events.Count == 0)
                {
                    continue;
                }

                var snapshot = listeners.Snapshot;
                if (events[^1].IsTerminal || snapshot is null)
                {
                    snapshot = await store.GetAsync(listeners.JobId).ConfigureAwait(false);
                    if (snapshot is null)
                    {
                        continue; // Deleted meanwhile: nothing more will come.
                    }

                    listeners.Snapshot = snapshot;
                }

                lock (listeners.Gate)
                {
                    foreach (var jobEvent in events)
                    {
                        listeners.PublishLocked(jobEvent, snapshot);
                    }

                    listeners.Behind |= events.Count == CatchUpBatch;
                }
            }
        }
#pragma warning disable CA1031 // The store failed: the next signal, resync or poll reads again.
        catch (Exception)
#pragma warning restore CA1031
        {
            lock (listeners.Gate)
            {
                listeners.CatchingUp = false;
                listeners.Behind = true;
            }
        }
    }
}
