using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using TaskRpc.Client.Internal;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client;

/// <summary>
/// asyncio's combinators for remote jobs: gather, wait, as_completed, and the semaphore-bounded
/// fan-out. Waiting uses the server's Wait RPC: one long-polling call for all the jobs.
/// All the jobs given to one call must come from the same <see cref="TaskRpcClient"/>.
/// </summary>
/// <remarks>
/// Any number of jobs may be given: above Wait's limit of 10,000 ids per call, one call per chunk
/// of ids runs at once and their answers are combined.
/// </remarks>
public static class TaskRpcCombinators
{
    /// <summary>
    /// Waits for every job and returns their results in order; throws as soon as one job fails or is
    /// cancelled (asyncio.gather without return_exceptions). The other jobs go on.
    /// </summary>
    /// <typeparam name="TResult">The jobs' result type.</typeparam>
    /// <param name="jobs">The jobs.</param>
    /// <param name="cancellationToken">Stops the waiting; the jobs go on.</param>
    /// <returns>The results, in the order of <paramref name="jobs"/>.</returns>
    /// <exception cref="RemoteJobFailedException">A job failed (the earliest to end among those that did).</exception>
    /// <exception cref="OperationCanceledException">A job was cancelled, or the waiting was cancelled.</exception>
    /// <exception cref="TaskRpcTransportException">The server stayed unreachable, or refused the call.</exception>
    public static async Task<TResult[]> WhenAll<TResult>(IEnumerable<RemoteJob<TResult>> jobs, CancellationToken cancellationToken = default)
    {
        var list = Materialize(jobs);
        var (done, _) = await JobWaiter.WaitAsync(list, ReturnWhen.FirstException, null, cancellationToken).ConfigureAwait(false);
        if (done.FirstOrDefault(job => JobStates.IsException(job.Terminal!.State)) is { } failed)
        {
            JobOutcomes.ExceptionOf(failed.Terminal!)!.Rethrow();
        }

        return list.Select(job => JobOutcomes.ResultOf<TResult>(job.Terminal!)).ToArray();
    }

    /// <summary>
    /// asyncio.gather: waits for the jobs and returns how each ended, in order. With
    /// <paramref name="returnExceptions"/> false the first failure or cancellation is thrown instead.
    /// </summary>
    /// <typeparam name="TResult">The jobs' result type.</typeparam>
    /// <param name="jobs">The jobs.</param>
    /// <param name="returnExceptions">Return failures as outcomes rather than throwing; default false.</param>
    /// <param name="cancellationToken">Stops the waiting; the jobs go on.</param>
    /// <returns>Each job's outcome, in the order of <paramref name="jobs"/>.</returns>
    /// <exception cref="RemoteJobFailedException">A job failed and <paramref name="returnExceptions"/> is false.</exception>
    /// <exception cref="OperationCanceledException">A job was cancelled and <paramref name="returnExceptions"/> is false, or the waiting was cancelled.</exception>
    /// <exception cref="TaskRpcTransportException">The server stayed unreachable, or refused the call.</exception>
    public static async Task<IReadOnlyList<JobOutcome<TResult>>> GatherAsync<TResult>(
        IEnumerable<RemoteJob<TResult>> jobs, bool returnExceptions = false, CancellationToken cancellationToken = default)
    {
        var list = Materialize(jobs);
        if (!returnExceptions)
        {
            var results = await WhenAll(list, cancellationToken).ConfigureAwait(false);
            return results.Select(result => new JobOutcome<TResult>(result, null)).ToList();
        }

        await JobWaiter.WaitAsync(list, ReturnWhen.AllCompleted, null, cancellationToken).ConfigureAwait(false);
        return list.Select(job => JobOutcomes.OutcomeOf<TResult>(job.Terminal!)).ToList();
    }

    /// <summary>Waits until any job ends, however it ended, and returns it (as Task.WhenAny).</summary>
    /// <typeparam name="TJob">The job type.</typeparam>
    /// <param name="jobs">The jobs; at least one.</param>
    /// <param name="cancellationToken">Stops the waiting; the jobs go on.</param>
    /// <returns>The first job to end.</returns>
    /// <exception cref="ArgumentException"><paramref name="jobs"/> is empty.</exception>
    /// <exception cref="TaskRpcTransportException">The server stayed unreachable, or refused the call.</exception>
    public static async Task<TJob> WhenAny<TJob>(IEnumerable<TJob> jobs, CancellationToken cancellationToken = default)
        where TJob : RemoteJob
    {
        var list = Materialize(jobs);
        if (list.Count == 0)
        {
            throw new ArgumentException("WhenAny needs at least one job.", nameof(jobs));
        }

        var (done, _) = await JobWaiter.WaitAsync(list, ReturnWhen.FirstCompleted, null, cancellationToken).ConfigureAwait(false);
        return done[0];
    }

    /// <summary>
    /// asyncio.wait: returns when <paramref name="returnWhen"/> is met or <paramref name="timeout"/>
    /// passes, with the jobs that have ended and those that have not. Nothing is thrown for failed jobs.
    /// </summary>
    /// <typeparam name="TJob">The job type.</typeparam>
    /// <param name="jobs">The jobs.</param>
    /// <param name="returnWhen">When to return: FirstCompleted, FirstException or AllCompleted; default AllCompleted (as Unspecified).</param>
    /// <param name="timeout">The longest wait; default null (none). The pending jobs go on after it.</param>
    /// <param name="cancellationToken">Stops the waiting; the jobs go on.</param>
    /// <returns>The done jobs (earliest end first) and the pending ones (in the given order).</returns>
    /// <exception cref="TaskRpcTransportException">The server stayed unreachable, or refused the call.</exception>
    public static Task<(IReadOnlyList<TJob> Done, IReadOnlyList<TJob> Pending)> WaitAsync<TJob>(
        IEnumerable<TJob> jobs, ReturnWhen returnWhen = ReturnWhen.AllCompleted, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TJob : RemoteJob =>
        JobWaiter.WaitAsync(Materialize(jobs), returnWhen, timeout, cancellationToken);

    /// <summary>asyncio.as_completed: yields the jobs as they end, earliest first; their awaits then return at once.</summary>
    /// <typeparam name="TJob">The job type.</typeparam>
    /// <param name="jobs">The jobs.</param>
    /// <param name="timeout">The longest wait for all of them; default null (none).</param>
    /// <param name="cancellationToken">Stops the waiting; the jobs go on.</param>
    /// <returns>The jobs in the order they ended.</returns>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed before every job ended.</exception>
    /// <exception cref="TaskRpcTransportException">The server stayed unreachable, or refused the call.</exception>
    public static async IAsyncEnumerable<TJob> AsCompleted<TJob>(
        IEnumerable<TJob> jobs, TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TJob : RemoteJob
    {
        var pending = Materialize(jobs);
        var started = Stopwatch.GetTimestamp();
        while (pending.Count > 0)
        {
            var remaining = timeout is { } limit ? limit - Stopwatch.GetElapsedTime(started) : (TimeSpan?)null;
            var (done, still) = await JobWaiter.WaitAsync(pending, ReturnWhen.FirstCompleted, ClampToZero(remaining), cancellationToken)
                .ConfigureAwait(false);
            if (done.Count == 0)
            {
                throw new TimeoutException($"{pending.Count} job(s) had not ended after {timeout}.");
            }

            foreach (var job in done)
            {
                yield return job;
            }

            pending = [.. still];
        }
    }

    /// <summary>
    /// Runs <paramref name="task"/> once per input with at most <paramref name="maxConcurrency"/>
    /// jobs in flight (asyncio's semaphore pattern) and returns the results in input order. On the
    /// first failure no new job is submitted and the failure is thrown.
    /// </summary>
    /// <typeparam name="TInput">The args type of each job.</typeparam>
    /// <typeparam name="TResult">The result type of each job.</typeparam>
    /// <param name="client">The client.</param>
    /// <param name="task">The task to run, e.g. <c>demo.echo</c>.</param>
    /// <param name="inputs">One job's args per element.</param>
    /// <param name="maxConcurrency">The most jobs submitted and not yet ended at any time; at least 1.</param>
    /// <param name="cancellationToken">Stops submitting and waiting; jobs already submitted go on.</param>
    /// <returns>The results, in the order of <paramref name="inputs"/>.</returns>
    /// <exception cref="RemoteJobFailedException">A job failed.</exception>
    /// <exception cref="OperationCanceledException">A job was cancelled, or the call was cancelled.</exception>
    /// <exception cref="TaskRpcTransportException">A call failed.</exception>
    public static async Task<TResult[]> MapAsync<TInput, TResult>(
        this TaskRpcClient client, string task, IEnumerable<TInput> inputs, int maxConcurrency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var list = inputs?.ToList() ?? throw new ArgumentNullException(nameof(inputs));
        var results = new TResult[list.Count];
        ExceptionDispatchInfo? firstFailure = null;
        using var gate = new SemaphoreSlim(maxConcurrency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task RunOneAsync(int index)
        {
            await gate.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                results[index] = await client.RunAsync<TResult>(task, list[index], stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (!stop.IsCancellationRequested || exception is not OperationCanceledException)
            {
                Interlocked.CompareExchange(ref firstFailure, ExceptionDispatchInfo.Capture(exception), null);
                await stop.CancelAsync().ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }

        var all = Task.WhenAll(Enumerable.Range(0, list.Count).Select(RunOneAsync));
        try
        {
            await all.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (firstFailure is not null || cancellationToken.IsCancellationRequested)
        {
            // The semaphore waits cancelled after the first failure, or by the caller: reported below.
        }

        firstFailure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
        return results;
    }

    private static List<TJob> Materialize<TJob>(IEnumerable<TJob> jobs)
        where TJob : RemoteJob
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var list = jobs.ToList();
        if (list.Count > 0 && list.Any(job => job is null || !ReferenceEquals(job.Client, list[0].Client)))
        {
            throw new ArgumentException("The jobs must be non-null and come from the same TaskRpcClient.", nameof(jobs));
        }

        return list;
    }

    private static TimeSpan? ClampToZero(TimeSpan? value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static void Rethrow(this Exception exception) => ExceptionDispatchInfo.Capture(exception).Throw();
}
