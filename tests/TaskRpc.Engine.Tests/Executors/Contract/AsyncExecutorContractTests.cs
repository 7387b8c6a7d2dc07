using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tests.Executors.Contract;

/// <summary>
/// The executor contract against the Async executor: handlers awaited on the server, 2 at once.
/// It does not bound itself (the scheduler never hands it more than its capacity), and cannot
/// stop a handler that ignores its token.
/// </summary>
public sealed class AsyncExecutorContractTests : ExecutorContractTests
{
    protected override bool BoundsItsOwnCapacity => false;

    private protected override ExecutorKind Kind => ExecutorKind.Async;

    private protected override void Configure(EngineOptions options) => options.Async.MaxConcurrency = 2;
}
