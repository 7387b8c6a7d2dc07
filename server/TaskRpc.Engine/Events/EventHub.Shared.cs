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
    /// sequence (a store read the first time), with the job as of that sequence when the entry
    /// knows it: every event after it reaches the listener. Null (always, without a shared store)
    /// means the caller reads the store itself, now that the listener is registered. On failure
    /// the listener is detached again.
    /// </summary>
    public ValueTask<JobSnapshot?> AttachAsync(string jobId, IJobListener listener, CancellationToken cancellationToken = default)
    {
        if (_shared is not { } store)
        {
            Attach(jobId, listener);
            return ValueTask.FromResult<JobSnapshot?>(null);
        }

        while (true)
        {
            var listeners = _jobs.GetOrAdd(jobId, static id => new JobListeners(id, sequenced: true));
            Task<JobSnapshot?>? init;
            lock (listeners.Gate)
            {
                if (listeners.Removed)
                {
                    continue;
                }

                listeners.Add(listener);
                if (listeners.Last >= 0)
                {
                    return ValueTask.FromResult(listeners.Current);
                }

                init = listeners.Init ??= Task.Run(() => InitAsync(store, listeners), CancellationToken.None);
            }

            return AwaitInitAsync(init, jobId, listener, cancellationToken);
        }
    }

    /// <summary>Another node wrote job <paramref name="jobId"/>'s event <paramref name="sequence"/>: listeners here get it from the store.</summary>
    public void OnRemoteChange(string jobId, long sequence)
    {
        if (!_jobs.IsEmpty && _jobs.TryGetValue(jobId, out var listeners))
        {
            CatchUp(listeners, sequence);
        }
    }

    /// <summary>Signals may have been missed: every followed job is read from the store from its last sequence.</summary>
    public void CatchUpAll()
    {
        foreach (var entry in _jobs)
        {
            CatchUp(entry.Value, sequence: null);
        }
    }

    private async ValueTask<JobSnapshot?> AwaitInitAsync(Task<JobSnapshot?> init, string jobId, IJobListener listener, CancellationToken cancellationToken)
    {
        try
        {
            return await init.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Detach(jobId, listener);
            throw;
        }
    }

    /// <summary>Reads the job once for the entry's first listeners: its last sequence, and the snapshot they start from.</summary>
    private async Task<JobSnapshot?> InitAsync(ISharedJobStore store, JobListeners listeners)
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

        lock (listeners.Gate)
        {
            listeners.Snapshot = job;
            listeners.Current = job;
            listeners.Last = job?.LastSequence ?? 0;
        }

        CatchUp(listeners, sequence: 0); // Events published or signalled while the read ran, if it missed them.
        return job;
    }

    /// <summary>
    /// Reads the job's events after <see cref="JobListeners.Last"/> from the store and gives them,
    /// in rounds while more come: up to <paramref name="sequence"/> (an event known to exist),
    /// or, when null, whatever there is (signals may have been missed).
    /// </summary>
    private void CatchUp(JobListeners listeners, long? sequence)
    {
        if (_shared is not { } store)
        {
            return;
        }

        lock (listeners.Gate)
        {
            if (listeners.Removed)
            {
                return; // Nobody to give events to.
            }

            if (sequence is { } known)
            {
                listeners.Wanted = Math.Max(listeners.Wanted, known);
            }
            else if (listeners.Last >= 0)
            {
                listeners.Behind = true; // Before Init has Last, its own read comes after the missed signals.
            }

            if (listeners.Last < 0 || listeners.CatchingUp || !NeedsRead(listeners))
            {
                return; // Init reads and catches up itself; a running catch-up reads again; or everything known was given.
            }

            listeners.CatchingUp = true;
        }

        _ = CatchUpAsync(store, listeners);
    }

    /// <summary>Whether the entry must read the store (under its gate): asked to, or a known event was not given yet.</summary>
    private static bool NeedsRead(JobListeners listeners) => listeners.Behind || listeners.Last < listeners.Wanted;

    private static async Task CatchUpAsync(ISharedJobStore store, JobListeners listeners)
    {
        // Off the caller's thread (the signal reader, a publishing transition): a node's own
        // write is usually published here while this waits its turn, and then needs no read.
        await Task.Yield();
        try
        {
            while (true)
            {
                long from, wanted;
                lock (listeners.Gate)
                {
                    if (listeners.Removed || !NeedsRead(listeners))
                    {
                        listeners.CatchingUp = false;
                        return;
                    }

                    listeners.Behind = false;
                    from = listeners.Last + 1;
                    wanted = listeners.Wanted;
                }

                var read = await store.ReadEventsAsync(listeners.JobId, from, CatchUpBatch).ConfigureAwait(false);
                var events = NotGiven(listeners, read); // A node's own events are usually published while the read runs.
                var snapshot = listeners.Snapshot;
                if (events.Count > 0 && (events[^1].IsTerminal || snapshot is null))
                {
                    snapshot = await store.GetAsync(listeners.JobId).ConfigureAwait(false);
                    listeners.Snapshot = snapshot ?? listeners.Snapshot;
                    events = snapshot is null ? [] : events; // Deleted meanwhile: nothing more will come.
                }

                lock (listeners.Gate)
                {
                    foreach (var jobEvent in events)
                    {
                        listeners.PublishLocked(jobEvent, snapshot!);
                    }

                    if (read.Count == CatchUpBatch)
                    {
                        listeners.Behind = true;
                    }
                    else if (listeners.Wanted == wanted)
                    {
                        // The read saw every event signalled before it: one it lacks is gone (deleted), not late.
                        listeners.Wanted = Math.Min(wanted, listeners.Last);
                    }
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

    /// <summary>The events read that the listeners were not given yet (a node's own events are usually published while the read runs).</summary>
    private static IReadOnlyList<JobEvent> NotGiven(JobListeners listeners, IReadOnlyList<JobEvent> read)
    {
        long last;
        lock (listeners.Gate)
        {
            last = listeners.Last;
        }

        var skip = 0;
        while (skip < read.Count && read[skip].Sequence <= last)
        {
            skip++;
        }

        return skip == 0 ? read : read.Skip(skip).ToList();
    }
}
