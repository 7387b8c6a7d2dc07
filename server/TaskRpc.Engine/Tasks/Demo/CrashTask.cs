using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>
/// <c>demo.crash</c>: takes its worker process down (exit, FailFast, or out of memory) to show
/// that only its job fails and the pool heals. The oom mode refuses to run without a worker heap
/// limit (Engine:Processes:WorkerHeapHardLimitBytes, at most 4 GiB), so it never exhausts the machine.
/// </summary>
[TaskHandler(Executor = ExecutorKind.Processes, Description = "Crashes its worker process: exit, failfast or oom.", ArgsDescription = "{\"mode\": \"exit\", \"exit_code\": 3}")]
internal sealed class CrashTask : ITaskHandler<CrashArgs, bool>
{
    private const long MaxOomLimit = 4L << 30;
    private const int Block = 16 << 20;

    public ValueTask<bool> RunAsync(CrashArgs args, TaskContext context)
    {
        switch (args.Mode)
        {
            case CrashMode.Exit:
                Environment.Exit(args.ExitCode);
                break;
            case CrashMode.FailFast:
                Environment.FailFast($"demo.crash failfast in job {context.JobId}");
                break;
            case CrashMode.Oom:
                var limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
                if (limit > MaxOomLimit)
                {
                    throw new InvalidSubmissionException($"demo.crash oom needs a worker heap limit of at most 4 GiB (Engine:Processes:WorkerHeapHardLimitBytes); this worker may use {limit} bytes.");
                }

                var hoard = new List<byte[]>();
                for (var total = 0L; total <= 2 * limit; total += Block)
                {
                    var block = new byte[Block];
                    Array.Fill(block, (byte)1);
                    hoard.Add(block);
                }

                GC.KeepAlive(hoard);
                break;
            default:
                throw new InvalidSubmissionException("mode must be exit, failfast or oom.");
        }

        return ValueTask.FromResult(false);
    }
}
