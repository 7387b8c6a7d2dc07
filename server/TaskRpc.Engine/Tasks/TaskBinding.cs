using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks;

/// <summary>Binds <typeparamref name="THandler"/>: a DI scope per attempt, JSON in and out, and its args validator if it has one.</summary>
internal sealed class TaskBinding<THandler, TArgs, TResult> : ITaskBinding
    where THandler : class, ITaskHandler<TArgs, TResult>
{
    private readonly string _taskName;
    private readonly IServiceScopeFactory _scopes;
    private readonly Func<TArgs, string?>? _validator;

    public TaskBinding(string taskName, IServiceScopeFactory scopes, Func<TArgs, string?>? validator)
    {
        _taskName = taskName;
        _scopes = scopes;
        _validator = validator;
    }

    public async ValueTask<Payload> InvokeAsync(Payload args, TaskContext context)
    {
        var typed = Read(args);
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            var result = await handler.RunAsync(typed, context).ConfigureAwait(false);
            return TaskJson.SerializeResult(result);
        }
    }

    public void ValidateArgs(Payload args) => Read(args);

    /// <summary>The typed args, checked by the handler's validator.</summary>
    private TArgs Read(Payload args)
    {
        var typed = TaskJson.DeserializeArgs<TArgs>(args, _taskName);
        return _validator?.Invoke(typed) is { } error ? throw new InvalidSubmissionException(error) : typed;
    }
}
