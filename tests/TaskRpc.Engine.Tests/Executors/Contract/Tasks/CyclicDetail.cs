namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>A progress detail that refers to itself: JSON cannot serialize it.</summary>
internal sealed class CyclicDetail
{
    public CyclicDetail() => Self = this;

    public CyclicDetail Self { get; }
}
