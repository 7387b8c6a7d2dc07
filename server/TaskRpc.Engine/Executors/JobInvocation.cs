using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Executors;

/// <summary>One attempt of a job as an executor sees it.</summary>
/// <param name="TaskName">The task's name (what a worker process looks its invoker up by).</param>
/// <param name="Invoker">The task's invoker.</param>
/// <param name="Args">The serialized args.</param>
/// <param name="Context">The attempt's context.</param>
internal readonly record struct JobInvocation(string TaskName, TaskInvoker Invoker, Payload Args, TaskContext Context);
