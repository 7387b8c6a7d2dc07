using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Contracts.V1;
using TaskRpc.Engine.Executors.Processes;
using TaskRpc.IntegrationTests.Durability;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.Server;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TaskRpc.IntegrationTests.Serving;

/// <summary>
/// Health follows the server's real state: NOT_SERVING while the store cannot be written or the
/// process pool cannot start a worker, SERVING again after recovery, NOT_SERVING first on a graceful stop.
/// </summary>
public sealed class HealthTransitionTests : IDisposable
{
    private readonly TempDatabaseFile _database = new();
    private readonly string _brokenFlag = Path.Combine(Path.GetTempPath(), $"taskrpc-broken-{Guid.NewGuid():N}");

    public void Dispose()
    {
        _database.Dispose();
        File.Delete(_brokenFlag);
    }

    [Fact]
    public async Task HealthCheck_StoreLockedByAnotherWriter_NotServingUntilAWriteSucceedsAgain()
    {
        await using var server = await TaskRpcTestServer.StartAsync("--store", "sqlite", "--db", _database.Path, "--Store:BusyTimeout=00:00:00.5");
        Assert.Equal(ServingStatus.Serving, await HealthProbe.StatusAsync(server.Client));
        using var blocker = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        blocker.Open();
        Execute(blocker, "BEGIN IMMEDIATE");

        await RpcAssert.FailsAsync(StatusCode.Unavailable, () => server.Client.SubmitAsync("demo.echo", "1"));
        Assert.Equal(ServingStatus.NotServing, await HealthProbe.StatusAsync(server.Client));

        Execute(blocker, "ROLLBACK");
        Assert.Equal(JobState.Succeeded, (await server.Client.RunAsync("demo.echo", "1")).State);
        Assert.Equal(ServingStatus.Serving, await HealthProbe.StatusAsync(server.Client));
    }

    [Fact]
    public async Task HealthCheck_PoolCannotStartAWorker_NotServingUntilOneStarts()
    {
        // The worker command fails at once while the flag file exists, else runs a real worker.
        var worker = string.Create(CultureInfo.InvariantCulture, $"if [ -e '{_brokenFlag}' ]; then exit 3; fi; exec '{ServerProcess.DotnetHost}' '{typeof(TaskRpcProgram).Assembly.Location}' --worker --store memory");
        await using var server = await TaskRpcTestServer.StartAsync(
            "--Engine:Processes:Size=1", "--Engine:Processes:WorkerCommand=/bin/sh", "--Engine:Processes:WorkerArguments:0=-c", $"--Engine:Processes:WorkerArguments:1={worker}");
        var pool = server.Services.GetRequiredService<ProcessPoolExecutor>().Pool!;
        Assert.Equal(ServingStatus.Serving, await HealthProbe.StatusAsync(server.Client));

        await File.WriteAllTextAsync(_brokenFlag, "broken");
        await ProcessTable.SignalAsync("KILL", Assert.Single(pool.ReadyWorkers));
        await HealthProbe.WaitForAsync(server.Client, ServingStatus.NotServing);

        File.Delete(_brokenFlag);
        await HealthProbe.WaitForAsync(server.Client, ServingStatus.Serving);
        await Processes.CpuJobs.RunAsync(server.Client);
    }

    [Fact]
    public async Task HealthWatch_GracefulStop_NotServingBeforeTheServerCloses()
    {
        var server = await TaskRpcTestServer.StartAsync();
        Task? stopping = null;
        try
        {
            using var channel = GrpcChannel.ForAddress(server.Address); // Not the server's own channel: its disposal would end the watch.
            using var watch = new Grpc.Health.V1.Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = "taskrpc.v1.TaskService" }, TaskRpcClient.Options());
            Assert.True(await watch.ResponseStream.MoveNext());
            Assert.Equal(ServingStatus.Serving, watch.ResponseStream.Current.Status);

            stopping = server.DisposeAsync().AsTask();
            Assert.True(await watch.ResponseStream.MoveNext());
            Assert.Equal(ServingStatus.NotServing, watch.ResponseStream.Current.Status);
        }
        finally
        {
            await (stopping ?? server.DisposeAsync().AsTask());
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
