using System.Runtime.CompilerServices;
using TaskRpc.Client.Internal;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client;

/// <summary>
/// A remote job whose result is a <typeparamref name="TResult"/>: <c>var result = await job;</c>
/// returns it, throws <see cref="RemoteJobFailedException"/> when the job failed and
/// <see cref="OperationCanceledException"/> when it was cancelled.
/// </summary>
/// <typeparam name="TResult">
/// The result type: a protobuf message (sent as Any), <see cref="Payload"/> (raw), <c>byte[]</c>
/// (binary), or any JSON-serializable type such as a record (camelCase JSON).
/// </typeparam>
public sealed class RemoteJob<TResult> : RemoteJob
{
    private Task<TResult>? _completion;

    internal RemoteJob(TaskRpcClient client, Job job)
        : base(client, job)
    {
    }

    /// <summary>Lets <c>await job</c> wait for the result; every await shares one wait.</summary>
    /// <returns>An awaiter of the result.</returns>
    public TaskAwaiter<TResult> GetAwaiter()
    {
        var completion = Volatile.Read(ref _completion);
        if (completion is null)
        {
            Interlocked.CompareExchange(ref _completion, GetResultAsync().AsTask(), null);
            completion = _completion;
        }

        return completion.GetAwaiter();
    }

    /// <summary>
    /// Waits for the job to end and returns its result. Completes at once when the end is already known.
    /// </summary>
    /// <param name="cancellationToken">Stops the waiting; the remote job goes on.</param>
    /// <returns>The job's result.</returns>
    /// <exception cref="RemoteJobFailedException">The job ended FAILED.</exception>
    /// <exception cref="OperationCanceledException">The job ended CANCELLED, or <paramref name="cancellationToken"/> stopped the waiting.</exception>
    /// <exception cref="TaskRpcTransportException">The server stayed unreachable, or refused the call.</exception>
    public ValueTask<TResult> GetResultAsync(CancellationToken cancellationToken = default)
    {
        if (Terminal is not { } terminal)
        {
            return new ValueTask<TResult>(ResultSlowAsync(cancellationToken));
        }

        try
        {
            return ValueTask.FromResult(JobOutcomes.ResultOf<TResult>(terminal));
        }
        catch (Exception exception) when (exception is RemoteJobFailedException or OperationCanceledException or InvalidCastException or System.Text.Json.JsonException)
        {
            return ValueTask.FromException<TResult>(exception);
        }
    }

    /// <summary>
    /// Waits for the result; when <paramref name="cancellationToken"/> stops the waiting and
    /// <paramref name="cancelRemoteJob"/> is true, the remote job is cancelled too (as asyncio's wait_for).
    /// </summary>
    /// <param name="cancelRemoteJob">Cancel the remote job when the waiting is cancelled.</param>
    /// <param name="cancellationToken">Stops the waiting.</param>
    /// <returns>The job's result.</returns>
    /// <exception cref="RemoteJobFailedException">The job ended FAILED.</exception>
    /// <exception cref="OperationCanceledException">The job ended CANCELLED, or the waiting was cancelled.</exception>
    /// <exception cref="TaskRpcTransportException">The server stayed unreachable, or refused the call.</exception>
    public async ValueTask<TResult> GetResultAsync(bool cancelRemoteJob, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetResultAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancelRemoteJob && cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CancelAsync("the awaiting client was cancelled", CancellationToken.None).ConfigureAwait(false);
            }
            catch (TaskRpcTransportException exception)
            {
                throw new OperationCanceledException($"The waiting was cancelled, but job {Id} could not be cancelled: {exception.Message}", exception, cancellationToken);
            }

            throw;
        }
    }

    /// <summary>
    /// Waits for the result while reporting each of the job's progress events to <paramref name="progress"/>
    /// (the whole history first, then live ones).
    /// </summary>
    /// <param name="progress">Receives every progress report of the job.</param>
    /// <param name="cancellationToken">Stops the waiting; the remote job goes on.</param>
    /// <returns>The job's result.</returns>
    /// <exception cref="RemoteJobFailedException">The job ended FAILED.</exception>
    /// <exception cref="OperationCanceledException">The job ended CANCELLED, or the waiting was cancelled.</exception>
    /// <exception cref="TaskRpcTransportException">The server stayed unreachable, or refused the call.</exception>
    public async ValueTask<TResult> GetResultAsync(IProgress<Progress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await foreach (var jobEvent in WatchAsync(0, cancellationToken).ConfigureAwait(false))
        {
            if (jobEvent.Progress is { } report)
            {
                progress.Report(report);
            }
        }

        return await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResult> ResultSlowAsync(CancellationToken cancellationToken) =>
        JobOutcomes.ResultOf<TResult>(await WaitAsync(cancellationToken).ConfigureAwait(false));
}
