using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks;

/// <summary>
/// Runs one attempt of a task on serialized args: deserialize, run the handler, serialize.
/// Executors only ever see this, so a worker process can run the same invoker from bytes.
/// </summary>
/// <param name="args">The serialized args.</param>
/// <param name="context">The attempt's context.</param>
/// <returns>The serialized result.</returns>
internal delegate ValueTask<Payload> TaskInvoker(Payload args, TaskContext context);
