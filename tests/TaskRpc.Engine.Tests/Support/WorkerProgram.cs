using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Executors.Contract.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>
/// This assembly's entry point, which the test runner never calls: started with
/// <see cref="TaskRpcWorker.Switch"/>, the assembly is a process-pool worker with the contract
/// tasks, so the executor contract suite drives real worker processes.
/// </summary>
internal static class WorkerProgram
{
    /// <summary>The dotnet host that runs the tests, to start workers with.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>Points the process pool of <paramref name="options"/> at this assembly as its worker.</summary>
    public static void UseAsWorker(ProcessPoolOptions options)
    {
        options.WorkerCommand = DotnetHost;
        options.WorkerArguments.Add(typeof(WorkerProgram).Assembly.Location);
        options.WorkerArguments.Add(TaskRpcWorker.Switch);
    }

    public static async Task<int> Main(string[] args) => TaskRpcWorker.IsWorker(args)
        ? await TaskRpcWorker.RunAsync(args, static (_, services) => ContractTasks.Add(services.AddTaskRpc(), ExecutorKind.Processes))
        : 0;
}
