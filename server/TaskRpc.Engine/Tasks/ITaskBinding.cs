using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks;

/// <summary>A handler type bound to the engine: its invoker and its submit-time args check.</summary>
internal interface ITaskBinding
{
    ValueTask<Payload> InvokeAsync(Payload args, TaskContext context);

    /// <summary>Throws <see cref="Errors.InvalidSubmissionException"/> when the args do not deserialize or the handler's <see cref="IArgsValidator{TArgs}"/> refuses them.</summary>
    void ValidateArgs(Payload args);
}
