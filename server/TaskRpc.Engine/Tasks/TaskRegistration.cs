namespace TaskRpc.Engine.Tasks;

/// <summary>A task as registered in DI; the engine's <c>Lifecycle.TaskRegistry</c> builds it when the engine starts.</summary>
internal sealed record TaskRegistration(string Name, Type HandlerType, Type ArgsType, Type ResultType, TaskOptions Options, bool IsDemo);
