namespace TaskRpc.Engine.Tasks;

/// <summary>
/// Implemented by a task handler whose args can be checked before a job is accepted: the server
/// calls <see cref="ValidateArgs"/> at Submit, before the job is stored or queued, whatever the
/// task's executor (for the Processes executor it runs in the server, not in a worker); a message
/// refuses the submission with INVALID_ARGUMENT and that message. It runs again before each
/// attempt, so a job stored before the check existed fails INVALID_ARGUMENT (not retried) instead
/// of running with bad args. Static: no handler instance or DI scope is made for it, so keep it a
/// pure check of the args (ranges, required fields, combinations), with no I/O.
/// </summary>
/// <typeparam name="TArgs">The handler's args type.</typeparam>
public interface IArgsValidator<TArgs>
{
    /// <summary>Checks the args of a submission.</summary>
    /// <param name="args">The args, deserialized as the handler will get them.</param>
    /// <returns>Why they are invalid, for the caller (e.g. <c>"n must be 0 to 10^12."</c>); null when they are valid.</returns>
    static abstract string? ValidateArgs(TArgs args);
}
