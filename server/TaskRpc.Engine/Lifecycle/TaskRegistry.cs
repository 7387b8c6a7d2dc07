using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Executors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>
/// The registered tasks, built once from the DI registrations. Fails fast (at startup) for a task
/// whose executor is not available.
/// </summary>
internal sealed class TaskRegistry
{
    private readonly Dictionary<string, TaskDescriptor> _tasks = new(StringComparer.Ordinal);

    public TaskRegistry(
        IEnumerable<TaskRegistration> registrations,
        IEnumerable<IJobExecutor> executors,
        IServiceScopeFactory scopes,
        IOptions<EngineOptions> options)
    {
        var byKind = new Dictionary<ExecutorKind, IJobExecutor>();
        foreach (var executor in executors)
        {
            byKind[executor.Kind] = executor;
        }

        var list = new List<TaskInfo>();
        foreach (var registration in registrations)
        {
            if (registration.IsDemo && !options.Value.EnableDemoTasks)
            {
                continue;
            }

            var taskOptions = registration.Options;
            if (!byKind.TryGetValue(taskOptions.Executor, out var taskExecutor))
            {
                throw new InvalidOperationException(
                    $"Task '{registration.Name}' uses the {taskOptions.Executor} executor, which this server does not have. " +
                    "Available executors: " + string.Join(", ", byKind.Keys) + ".");
            }

            var info = new TaskInfo(
                registration.Name,
                taskOptions.Executor,
                taskOptions.MaxConcurrency,
                taskOptions.Description,
                taskOptions.ArgsDescription,
                taskOptions.DefaultExecutionTimeout,
                taskOptions.DefaultRetry);
            var binding = TaskBindings.Create(registration, scopes);
            if (!_tasks.TryAdd(registration.Name, new TaskDescriptor(info, taskExecutor, binding)))
            {
                throw new InvalidOperationException($"Task '{registration.Name}' is registered twice.");
            }

            list.Add(info);
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        Tasks = list;
    }

    /// <summary>The registered tasks, by name.</summary>
    public IReadOnlyList<TaskInfo> Tasks { get; }

    public bool TryGet(string name, [NotNullWhen(true)] out TaskDescriptor? descriptor) => _tasks.TryGetValue(name, out descriptor);
}
