using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks;

/// <summary>Binds <typeparamref name="THandler"/>: a DI scope per attempt, JSON in and out.</summary>
internal sealed class TaskBinding<THandler, TArgs, TResult> : ITaskBinding
    where THandler : class, ITaskHandler<TArgs, TResult>
{
    private readonly string _taskName;
    private readonly IServiceScopeFactory _scopes;

    public TaskBinding(string taskName, IServiceScopeFactory scopes)
    {
        _taskName = taskName;
        _scopes = scopes;
    }

    public async ValueTask<Payload> InvokeAsync(Payload args, TaskContext context)
    {
        var typed = TaskJson.DeserializeArgs<TArgs>(args, _taskName);
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            var result = await handler.RunAsync(typed, context).ConfigureAwait(false);
            return TaskJson.SerializeResult(result);
        }
    }

    public void ValidateArgs(Payload args) => TaskJson.DeserializeArgs<TArgs>(args, _taskName);
}
