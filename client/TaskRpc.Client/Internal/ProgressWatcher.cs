using System.Runtime.CompilerServices;
using Grpc.Core;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Internal;

/// <summary>
/// A job's event stream that survives reconnects: after a transient failure, or a stream that
/// ends before the terminal event, it subscribes again from the last sequence seen plus one, so
/// the caller sees every event once, in order.
/// </summary>
internal sealed class ProgressWatcher(RemoteJob job, RpcCaller caller)
{
    public async IAsyncEnumerable<JobEvent> WatchAsync(ulong fromSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = Math.Max(fromSequence, 1);
        var failures = 0;
        while (true)
        {
            RpcException? broken = null;
            using (var call = caller.StreamProgress(new StreamProgressRequest { Id = job.Id, FromSequence = next }, cancellationToken))
            {
                while (true)
                {
                    JobEvent? jobEvent;
                    try
                    {
                        jobEvent = await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false) ? call.ResponseStream.Current : null;
                    }
                    catch (RpcException exception) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException("Watching was cancelled by the caller.", exception, cancellationToken);
                    }
                    catch (RpcException exception) when (TaskRpcTransportException.IsTransientCode(exception.StatusCode))
                    {
                        broken = exception;
                        jobEvent = null;
                    }
                    catch (RpcException exception)
                    {
                        throw TaskRpcTransportException.From(exception, "StreamProgress");
                    }

                    if (jobEvent is null)
                    {
                        break;
                    }

                    if (jobEvent.Sequence < next)
                    {
                        continue;
                    }

                    next = jobEvent.Sequence + 1;
                    failures = 0;
                    job.Observe(jobEvent);
                    yield return jobEvent;
                    if (jobEvent.StateChange is { } change && JobStates.IsTerminal(change.State))
                    {
                        yield break;
                    }
                }
            }

            if (broken is null && await HasNoEventsFromAsync(next, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }

            if (++failures > caller.Options.MaxRetries)
            {
                throw new TaskRpcTransportException(
                    broken?.StatusCode ?? StatusCode.Unavailable,
                    $"The progress stream of job {job.Id} broke {failures} times in a row.",
                    broken);
            }

            await Backoff.DelayAsync(failures, caller.Options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when the job has ended and has no event at or after <paramref name="next"/> (a watch from past its end).</summary>
    private async Task<bool> HasNoEventsFromAsync(ulong next, CancellationToken cancellationToken)
    {
        var current = await job.GetAsync(cancellationToken).ConfigureAwait(false);
        return JobStates.IsTerminal(current.State) && current.LastSequence < next;
    }
}
