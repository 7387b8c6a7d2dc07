using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks;

/// <summary>A registered task, as listed to clients.</summary>
/// <param name="Name">The task's name.</param>
/// <param name="Executor">Where its handler runs.</param>
/// <param name="MaxConcurrency">At most this many jobs run at once; 0: limited only by the executor.</param>
/// <param name="Description">What the task does.</param>
/// <param name="ArgsDescription">What the args look like.</param>
/// <param name="DefaultExecutionTimeout">Applied when a submission sets none; null: none.</param>
/// <param name="DefaultRetry">Applied when a submission sets none; null: one attempt.</param>
public sealed record TaskInfo(
    string Name,
    ExecutorKind Executor,
    int MaxConcurrency,
    string Description,
    string ArgsDescription,
    TimeSpan? DefaultExecutionTimeout,
    RetryPolicy? DefaultRetry);
