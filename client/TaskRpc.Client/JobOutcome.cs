namespace TaskRpc.Client;

/// <summary>How one job of a gather ended: its result, or the exception an await of it throws.</summary>
/// <typeparam name="TResult">The job's result type.</typeparam>
/// <param name="Result">The result when the job succeeded; default otherwise.</param>
/// <param name="Exception">
/// <see cref="RemoteJobFailedException"/> for a FAILED job, <see cref="OperationCanceledException"/>
/// for a CANCELLED one; null when the job succeeded.
/// </param>
public readonly record struct JobOutcome<TResult>(TResult? Result, Exception? Exception)
{
    /// <summary>True when the job succeeded.</summary>
    public bool Succeeded => Exception is null;
}
