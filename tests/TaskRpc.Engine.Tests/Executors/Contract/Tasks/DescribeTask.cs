using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>contract.describe: returns the args it was given and what its context says.</summary>
internal sealed class DescribeTask : ITaskHandler<DescribeArgs, DescribeResult>
{
    public ValueTask<DescribeResult> RunAsync(DescribeArgs args, TaskContext context) => ValueTask.FromResult(new DescribeResult(
        args.Text,
        args.Numbers,
        args.Real,
        args.Flag,
        context.JobId,
        context.TaskName,
        context.Attempt,
        context.Labels));
}
