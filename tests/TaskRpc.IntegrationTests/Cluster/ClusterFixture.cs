namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>
/// Three nodes on one PostgreSQL database, shared by the tests of a class. Each node runs one
/// Threads job at a time, so three blocking jobs take a slot on every node.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private ServerCluster? _cluster;

    internal ServerCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _cluster = await ServerCluster.StartAsync(3, "--Engine:Threads:MaxConcurrency=1");

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
