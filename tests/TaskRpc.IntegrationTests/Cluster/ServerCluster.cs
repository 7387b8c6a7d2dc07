using System.Globalization;
using Npgsql;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.Tests.Shared;

namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>
/// Real server processes (<see cref="ServerProcess"/>) on one fresh PostgreSQL database of the
/// shared test cluster, named node1, node2, …; more can join later. The database is read
/// directly only to learn which node holds a running job's lease.
/// </summary>
internal sealed class ServerCluster : IAsyncDisposable
{
    private readonly List<ServerProcess> _nodes = [];
    private readonly string[] _args;

    private ServerCluster(string connectionString, string[] args)
    {
        ConnectionString = connectionString;
        _args = args;
    }

    public string ConnectionString { get; }

    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    /// <summary>Starts <paramref name="count"/> nodes (at once) with <paramref name="args"/> on a new database.</summary>
    public static async Task<ServerCluster> StartAsync(int count, params string[] args)
    {
        var cluster = new ServerCluster(PostgresCluster.Shared.CreateDatabase(), args);
        try
        {
            await cluster.AddNodesAsync(count);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="count"/> more nodes on the same database.</summary>
    public async Task AddNodesAsync(int count)
    {
        var first = _nodes.Count + 1;
        var started = await Task.WhenAll(Enumerable.Range(first, count).Select(n => ServerProcess.StartAsync(
        [
            "--store", "postgres", "--connection", ConnectionString,
            $"--Engine:NodeId=node{n.ToString(CultureInfo.InvariantCulture)}",
            .. _args,
        ])));
        _nodes.AddRange(started);
    }

    /// <summary>The node that holds the running job's lease (null when none does).</summary>
    public async Task<ServerProcess?> OwnerOfAsync(string jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT lease_owner FROM taskrpc.jobs WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jobId });
        return await command.ExecuteScalarAsync() is string owner ? _nodes[int.Parse(owner["node".Length..], CultureInfo.InvariantCulture) - 1] : null;
    }

    /// <summary>A live node other than <paramref name="node"/>.</summary>
    public ServerProcess Other(ServerProcess node) => _nodes.First(n => n != node && !n.HasExited);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
