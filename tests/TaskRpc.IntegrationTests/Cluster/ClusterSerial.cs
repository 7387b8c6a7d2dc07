namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>The cluster test classes run one after the other: each starts several server processes.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterSerial
{
    public const string Name = "Cluster";
}
