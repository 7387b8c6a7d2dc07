namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>A progress detail whose property getter throws while it is serialized.</summary>
internal sealed class ThrowingDetail
{
    private readonly string _reason = "This detail cannot be read.";

    public int Value => throw new InvalidOperationException(_reason);
}
