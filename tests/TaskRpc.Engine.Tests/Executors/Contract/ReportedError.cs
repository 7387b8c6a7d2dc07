using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Executors.Processes;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>
/// An executor's failure as the engine reads it (AttemptOutcome): in-process executors let the
/// handler's exception through as it is; the process pool reports it as a
/// <see cref="WorkerJobException"/> carrying the code, type and message the worker saw.
/// </summary>
/// <param name="Code">A <see cref="JobErrorCodes"/> name.</param>
/// <param name="Type">The full name of the exception type the handler threw.</param>
/// <param name="Message">Its message.</param>
/// <param name="Retryable">Whether the engine may retry the attempt.</param>
internal readonly record struct ReportedError(string Code, string? Type, string Message, bool Retryable)
{
    public static ReportedError Of(Exception error) => error switch
    {
        WorkerJobException remote => new(remote.Error.Code, remote.Error.Type, remote.Error.Message, remote.Retryable),
        InvalidSubmissionException invalid => new(JobErrorCodes.InvalidArgument, invalid.GetType().FullName, invalid.Message, false),
        OperationCanceledException cancelled => new(JobErrorCodes.Cancelled, cancelled.GetType().FullName, cancelled.Message, true),
        _ => new(JobErrorCodes.Unknown, error.GetType().FullName, error.Message, true),
    };
}
