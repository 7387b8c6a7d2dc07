using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>
/// The executor contract against the Threads executor: 2 dedicated threads, which bound it; it
/// cannot stop a handler that ignores its token.
/// </summary>
public sealed class ThreadsExecutorContractTests : ExecutorContractTests
{
    private protected override ExecutorKind Kind => ExecutorKind.Threads;

    private protected override void Configure(EngineOptions options) => options.Threads.MaxConcurrency = 2;
}
