using System.Text.Json;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Internal;

/// <summary>Turns a terminal job into its result or the exception an await of it throws.</summary>
internal static class JobOutcomes
{
    /// <summary>The exception for a FAILED or CANCELLED job; null for a SUCCEEDED one.</summary>
    public static Exception? ExceptionOf(Job job) => job.State switch
    {
        JobState.Failed => new RemoteJobFailedException(job.Id, job.Task, job.Error ?? new JobError { Code = "UNKNOWN" }),
        JobState.Cancelled => new OperationCanceledException(
            $"Job {job.Id} ({job.Task}) was cancelled" + (string.IsNullOrEmpty(job.Error?.Message) ? "." : ": " + job.Error.Message)),
        _ => null,
    };

    /// <summary>The typed result of a terminal job, or throws its exception.</summary>
    public static TResult ResultOf<TResult>(Job job)
    {
        if (!JobStates.IsTerminal(job.State))
        {
            throw new InvalidOperationException($"Job {job.Id} has not ended (state {job.State}).");
        }

        if (ExceptionOf(job) is { } exception)
        {
            throw exception;
        }

        return Decode<TResult>(job);
    }

    /// <summary>The outcome of a terminal job, without throwing its exception.</summary>
    public static JobOutcome<TResult> OutcomeOf<TResult>(Job job) => ExceptionOf(job) is { } exception
        ? new JobOutcome<TResult>(default, exception)
        : new JobOutcome<TResult>(Decode<TResult>(job), null);

    /// <summary>The job's result as <typeparamref name="TResult"/>; a JSON result that does not fit the type is an <see cref="InvalidCastException"/> naming the job.</summary>
    private static TResult Decode<TResult>(Job job)
    {
        try
        {
            return PayloadCodec.Decode<TResult>(job.Result);
        }
        catch (JsonException exception)
        {
            throw new InvalidCastException(
                $"The result of job {job.Id} ({job.Task}) cannot be read as {typeof(TResult).Name}: {exception.Message} The result is {Describe(job.Result)}.",
                exception);
        }
    }

    private static string Describe(Payload result)
    {
        var text = Google.Protobuf.JsonFormatter.Default.Format(result.Json);
        return text.Length <= 200 ? text : text[..197] + "...";
    }
}
