using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>
/// <c>demo.cpu</c>: a CPU-bound loop in a worker process (the asyncio examples' computer(n)),
/// reporting progress every 1%; with <c>ignore_cancel</c> it never looks at its token, so only the
/// pool's forced kill stops it. Its n range is checked at Submit (<see cref="IArgsValidator{TArgs}"/>).
/// </summary>
[TaskHandler(Executor = ExecutorKind.Processes, Description = "Burns CPU in a worker process, reporting progress; ignore_cancel proves the forced kill.", ArgsDescription = "{\"n\": 100000000, \"ignore_cancel\": false}")]
internal sealed class CpuTask : ITaskHandler<CpuArgs, CpuResult>, IArgsValidator<CpuArgs>
{
    private const long Modulus = (1L << 61) - 1;
    private const long MaxN = 1_000_000_000_000;

    /// <summary>At Submit, in the server (and again before each attempt, in the worker).</summary>
    public static string? ValidateArgs(CpuArgs args) => args.N is >= 0 and <= MaxN ? null : "n must be 0 to 10^12.";

    public ValueTask<CpuResult> RunAsync(CpuArgs args, TaskContext context)
    {
        var step = Math.Max(1, args.N / 100);
        var token = args.IgnoreCancel ? CancellationToken.None : context.CancellationToken;
        long sum = 0;
        for (long i = 0; i < args.N; i++)
        {
            sum = (sum + (long)((UInt128)(ulong)i * (ulong)i % Modulus)) % Modulus;
            if ((i & 0xFFFF) == 0)
            {
                token.ThrowIfCancellationRequested();
            }

            if ((i + 1) % step == 0)
            {
                context.ReportProgress((double)(i + 1) / args.N, $"{i + 1} of {args.N}");
            }
        }

        return ValueTask.FromResult(new CpuResult(args.N, sum, Environment.ProcessId));
    }
}
