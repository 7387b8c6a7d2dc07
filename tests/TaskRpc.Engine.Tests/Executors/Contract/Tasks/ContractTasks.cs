using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>
/// The tasks of the executor contract suite, registered alike in the test's engine and in the
/// worker processes (<see cref="Support.WorkerProgram"/>). They talk to the test only through
/// their args, result, progress and the <see cref="ContractGate"/>, so they run the same in this
/// process and in a worker.
/// </summary>
internal static class ContractTasks
{
    public const string Echo = "contract.echo";
    public const string Describe = "contract.describe";
    public const string Throw = "contract.throw";
    public const string Report = "contract.report";
    public const string Hold = "contract.hold";

    public static TaskRpcBuilder Add(TaskRpcBuilder builder, ExecutorKind executor) => builder
        .AddTask<EchoPayloadTask>(Echo, o => o.Executor = executor)
        .AddTask<DescribeTask>(Describe, o => o.Executor = executor)
        .AddTask<ThrowTask>(Throw, o => o.Executor = executor)
        .AddTask<ReportTask>(Report, o => o.Executor = executor)
        .AddTask<HoldTask>(Hold, o => o.Executor = executor);
}
