using TaskRpc.Client.Internal;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client;

/// <summary>
/// A job on a TaskRpc server, seen from the client: its id, its latest known state, and the
/// operations on it. Its typed form <see cref="RemoteJob{TResult}"/> is awaitable. Safe for
/// concurrent use.
/// </summary>
public abstract class RemoteJob
{
    private readonly Lock _gate = new();
    private JobState _state;
    private ulong _sequence;
    private Job? _terminal;

    private protected RemoteJob(TaskRpcClient client, Job job)
    {
        Client = client;
        Id = job.Id;
        TaskName = job.Task;
        Observe(job);
    }

    /// <summary>The job's id, assigned by the server.</summary>
    public string Id { get; }

    /// <summary>The job's task, e.g. <c>demo.sleep</c>.</summary>
    public string TaskName { get; }

    /// <summary>The latest state this client has seen, from any call or event about the job; no call is made.</summary>
    public JobState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    internal TaskRpcClient Client { get; }

    /// <summary>The job as it ended, once this client has seen its end; null before.</summary>
    internal Job? Terminal
    {
        get
        {
            lock (_gate)
            {
                return _terminal;
            }
        }
    }

    /// <summary>Fetches the job as it is now (and updates <see cref="State"/>).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The job: state, result or error, latest progress, attempts, times.</returns>
    /// <exception cref="TaskRpcTransportException">The call failed, e.g. NOT_FOUND once the job is no longer retained.</exception>
    public async Task<Job> GetAsync(CancellationToken cancellationToken = default)
    {
        var job = await Client.Caller.CallWithRetryAsync(
            ServiceMethods.Get, new GetJobRequest { Id = Id }, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        Observe(job);
        return job;
    }

    /// <summary>
    /// Asks the server to cancel the job: a queued job never runs, a running job's handler sees its
    /// cancellation. An await of the job then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="reason">Why, recorded in the job's error message; default none.</param>
    /// <param name="cancellationToken">Stops the call (not the job).</param>
    /// <returns>True if this request cancelled the job; false if it had already ended (as asyncio's Task.cancel()).</returns>
    /// <exception cref="TaskRpcTransportException">The call failed.</exception>
    public async Task<bool> CancelAsync(string? reason = null, CancellationToken cancellationToken = default)
    {
        var response = await Client.Caller.CallAsync(
            ServiceMethods.Cancel, new CancelJobRequest { Id = Id, Reason = reason ?? string.Empty }, TimeSpan.Zero, cancellationToken)
            .ConfigureAwait(false);
        Observe(response.Job);
        return response.Cancelled;
    }

    /// <summary>
    /// Waits for the job to end and returns it as it ended, whatever its state; unlike an await it
    /// does not throw for FAILED or CANCELLED. Completes at once when the end is already known.
    /// </summary>
    /// <param name="cancellationToken">Stops the waiting (the job goes on).</param>
    /// <returns>The terminal job.</returns>
    /// <exception cref="TaskRpcTransportException">The server stayed unreachable, or refused the call.</exception>
    public ValueTask<Job> WaitAsync(CancellationToken cancellationToken = default) =>
        Terminal is { } terminal ? ValueTask.FromResult(terminal) : new ValueTask<Job>(WaitSlowAsync(cancellationToken));

    /// <summary>
    /// The job's events — state changes and progress — from <paramref name="fromSequence"/> on,
    /// then live ones, ending after the terminal event. A broken stream is resumed transparently
    /// from the last sequence seen plus one: no gap, no duplicate.
    /// </summary>
    /// <param name="fromSequence">The first sequence number to deliver; default 0, the whole history.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The events in sequence order.</returns>
    /// <exception cref="TaskRpcTransportException">The stream broke more than <see cref="TaskRpcClientOptions.MaxRetries"/> times in a row, or the server refused it.</exception>
    public IAsyncEnumerable<JobEvent> WatchAsync(ulong fromSequence = 0, CancellationToken cancellationToken = default) =>
        new ProgressWatcher(this, Client.Caller).WatchAsync(fromSequence, cancellationToken);

    /// <summary>Records a snapshot of the job if it is at least as new as what was seen.</summary>
    internal void Observe(Job job)
    {
        lock (_gate)
        {
            if (_terminal is not null || job.LastSequence < _sequence)
            {
                return;
            }

            _state = job.State;
            _sequence = job.LastSequence;
            if (JobStates.IsTerminal(job.State))
            {
                _terminal = job;
            }
        }
    }

    /// <summary>Records a state change event; a terminal one also records the job's end.</summary>
    internal void Observe(JobEvent jobEvent)
    {
        if (jobEvent.StateChange is not { } change)
        {
            return;
        }

        Observe(new Job
        {
            Id = Id,
            Task = TaskName,
            State = change.State,
            Attempt = change.Attempt,
            Result = change.Result,
            Error = change.Error,
            LastSequence = jobEvent.Sequence,
            FinishTime = JobStates.IsTerminal(change.State) ? jobEvent.Time : null,
        });
    }

    private async Task<Job> WaitSlowAsync(CancellationToken cancellationToken)
    {
        var options = Client.Caller.Options;
        for (var failures = 0; ;)
        {
            if (Terminal is { } terminal)
            {
                return terminal;
            }

            try
            {
                var request = new AwaitJobRequest { Id = Id, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TaskRpcClient.LongPoll) };
                Observe(await Client.Caller.CallAsync(ServiceMethods.Await, request, TaskRpcClient.LongPoll, cancellationToken).ConfigureAwait(false));
                failures = 0;
            }
            catch (TaskRpcTransportException exception) when (exception.IsTransient && failures < options.MaxRetries)
            {
                failures++;
                await Backoff.DelayAsync(failures, options, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
