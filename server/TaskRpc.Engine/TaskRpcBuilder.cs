using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine;

/// <summary>Registers tasks with the engine; returned by <see cref="TaskRpcServiceCollectionExtensions.AddTaskRpc"/>.</summary>
public sealed class TaskRpcBuilder
{
    internal TaskRpcBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the engine is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> (an <see cref="ITaskHandler{TArgs, TResult}"/>,
    /// resolved from DI in a scope per attempt) as the task <paramref name="name"/>. Its
    /// <see cref="TaskHandlerAttribute"/> gives the defaults that <paramref name="configure"/> may override.
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <param name="name">The task's name, e.g. <c>image.resize</c>.</param>
    /// <param name="configure">Overrides the handler's declared options; or null.</param>
    /// <returns>This builder.</returns>
    public TaskRpcBuilder AddTask<THandler>(string name, Action<TaskOptions>? configure = null)
        where THandler : class => AddTask<THandler>(name, configure, isDemo: false);

    internal TaskRpcBuilder AddTask<THandler>(string name, Action<TaskOptions>? configure, bool isDemo)
        where THandler : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var handlerType = typeof(THandler);
        Type? contract = null;
        foreach (var candidate in handlerType.GetInterfaces())
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(ITaskHandler<,>))
            {
                contract = contract is null
                    ? candidate
                    : throw new ArgumentException($"{handlerType.FullName} implements ITaskHandler<,> more than once; register one handler per class.", nameof(THandler));
            }
        }

        if (contract is null)
        {
            throw new ArgumentException($"{handlerType.FullName} does not implement ITaskHandler<TArgs, TResult>.", nameof(THandler));
        }

        var options = FromAttribute(handlerType);
        configure?.Invoke(options);
        if (options.MaxConcurrency < 0)
        {
            throw new ArgumentException($"Task '{name}': MaxConcurrency must not be negative.", nameof(configure));
        }

        if (options.DefaultExecutionTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Task '{name}': DefaultExecutionTimeout must be positive.", nameof(configure));
        }

        if (options.DefaultRetry?.Validate() is { } retryError)
        {
            throw new ArgumentException($"Task '{name}': {retryError}", nameof(configure));
        }

        var arguments = contract.GetGenericArguments();
        Services.TryAddTransient(handlerType);
        Services.AddSingleton(new TaskRegistration(name, handlerType, arguments[0], arguments[1], options, isDemo));
        return this;
    }

    private static TaskOptions FromAttribute(Type handlerType)
    {
        var options = new TaskOptions();
        if (Attribute.GetCustomAttribute(handlerType, typeof(TaskHandlerAttribute)) is TaskHandlerAttribute declared)
        {
            options.Executor = declared.Executor;
            options.MaxConcurrency = declared.MaxConcurrency;
            options.Description = declared.Description ?? string.Empty;
            options.ArgsDescription = declared.ArgsDescription ?? string.Empty;
            if (declared.ExecutionTimeoutSeconds > 0)
            {
                options.DefaultExecutionTimeout = TimeSpan.FromSeconds(declared.ExecutionTimeoutSeconds);
            }

            if (declared.MaxAttempts > 1)
            {
                options.DefaultRetry = new Jobs.RetryPolicy { MaxAttempts = declared.MaxAttempts };
            }
        }

        return options;
    }
}
