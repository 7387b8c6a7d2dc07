namespace TaskRpc.Engine.Tasks;

/// <summary>
/// A task's handler: a plain class resolved from dependency injection (one scope per attempt).
/// Declare its executor and limits with <see cref="TaskHandlerAttribute"/>; register it with
/// <c>TaskRpcBuilder.AddTask</c>.
/// </summary>
/// <typeparam name="TArgs">
/// The args: deserialized from JSON args with System.Text.Json (camelCase or snake_case), or
/// <see cref="Jobs.Payload"/> to take the raw payload (binary and protobuf message args).
/// </typeparam>
/// <typeparam name="TResult">The result: serialized to JSON, or returned as is when it is a <see cref="Jobs.Payload"/>.</typeparam>
public interface ITaskHandler<TArgs, TResult>
{
    /// <summary>Runs one attempt of a job.</summary>
    /// <param name="args">The job's args.</param>
    /// <param name="context">The job's id, attempt, labels, cancellation and progress reporting.</param>
    /// <returns>The result.</returns>
    ValueTask<TResult> RunAsync(TArgs args, TaskContext context);
}
