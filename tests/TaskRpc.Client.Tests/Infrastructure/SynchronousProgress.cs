using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
public sealed class SynchronousProgress(Action<Progress> report) : IProgress<Progress>
{
    public void Report(Progress value) => report(value);
}
