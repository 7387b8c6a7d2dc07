using TaskRpc.Engine.Tasks;

namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>test.gate and test.serial: records its start order, then waits at a gate the test opens.</summary>
[TaskHandler(Description = "Waits at a gate the test opens.", ArgsDescription = "{\"gate\": \"name\"}")]
internal sealed class GateTask(TestGates gates) : ITaskHandler<GateArgs, GateResult>
{
    public async ValueTask<GateResult> RunAsync(GateArgs args, TaskContext context)
    {
        var order = gates.NextOrder();
        if (args.Gate is { } name)
        {
            await gates[name].PassAsync(context.CancellationToken).ConfigureAwait(false);
        }

        return new GateResult(args.Gate, order);
    }
}
