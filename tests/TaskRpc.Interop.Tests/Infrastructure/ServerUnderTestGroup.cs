namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>The test classes that share <see cref="ServerUnderTest"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ServerUnderTestGroup : ICollectionFixture<ServerUnderTest>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "TaskRpc server process";
}
