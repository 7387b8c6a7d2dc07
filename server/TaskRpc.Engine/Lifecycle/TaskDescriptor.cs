using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>A registered task as the engine runs it.</summary>
internal sealed class TaskDescriptor
{
    public TaskDescriptor(TaskInfo info, IJobExecutor executor, ITaskBinding binding)
    {
        Info = info;
        Executor = executor;
        Binding = binding;
        Invoker = binding.InvokeAsync;
        Lane = new TaskLane(info.MaxConcurrency);
    }

    public string Name => Info.Name;

    public TaskInfo Info { get; }

    public IJobExecutor Executor { get; }

    public ITaskBinding Binding { get; }

    public TaskInvoker Invoker { get; }

    /// <summary>The task's concurrency slot count and parked jobs; guarded by its executor queue's lock.</summary>
    public TaskLane Lane { get; }

    public ExecutorKind ExecutorKind => Info.Executor;
}
