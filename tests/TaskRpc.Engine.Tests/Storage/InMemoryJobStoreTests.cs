using TaskRpc.Engine.Storage;
using TaskRpc.Engine.Storage.InMemory;

namespace TaskRpc.Engine.Tests.Storage;

/// <summary>The store contract against <see cref="InMemoryJobStore"/>.</summary>
public sealed class InMemoryJobStoreTests : JobStoreContractTests
{
    protected override IJobStore CreateStore() => new InMemoryJobStore();
}
