using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.IntegrationTests.Serving;
using TaskRpc.Tests.Shared;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TaskRpc.IntegrationTests.Durability;

/// <summary>The server on PostgreSQL (<c>--store postgres --connection …</c>), end to end: serving, restarting, and its database failing.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Start_PostgresStore_ServesAndKeepsJobsAcrossARestart()
    {
        var connection = PostgresCluster.Shared.CreateDatabase();
        string id;
        await using (var first = await ServerProcess.StartAsync("--store", "postgres", "--connection", connection))
        {
            var done = await first.Client.RunAsync("demo.echo", """{"n": 1}""", r => { r.IdempotencyKey = "pg-key"; r.Labels.Add("team", "x"); });
            Assert.Equal(JobState.Succeeded, done.State);
            id = done.Id;
            await first.StopGracefullyAsync();
        }

        await using var second = await ServerProcess.StartAsync("--store", "postgres", "--connection", connection);

        var job = await second.Client.GetAsync(id);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(1, JsonPayload.ResultOf(job).GetProperty("n").GetInt32());
        Assert.Equal(id, (await second.Client.SubmitAsync("demo.echo", "2", r => r.IdempotencyKey = "pg-key")).Id);
        var listed = await second.Client.ListAsync(new ListJobsRequest { Labels = { ["team"] = "x" } });
        Assert.Equal(id, Assert.Single(listed.Jobs).Id);
        Assert.NotEmpty(await second.Client.ReadEventsAsync(id));
    }

    [Fact]
    public async Task Start_DatabaseUnreachable_ExitsOneWithOneLineNamingTheServer()
    {
        var port = ClosedPort();

        var (exitCode, output) = await ServerProcess.RunToExitAsync("--store", "postgres", "--connection", $"Host=127.0.0.1;Port={port};Database=jobs;Username=u;Timeout=5");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("taskrpc: cannot start: The job store PostgreSQL 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains($":{port}/jobs can't be reached", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PostgresWithoutConnectionString_ExitsOneSayingWhatIsMissing()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync("--store", "postgres");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Store:ConnectionString (--connection", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_DatabaseStoppedThenStarted_UnavailableAndNotServingThenRecoverWithoutRestart()
    {
        using var cluster = PostgresCluster.StartPrivate();
        await using var server = await ServerProcess.StartAsync("--store", "postgres", "--connection", cluster.CreateDatabase());
        var before = await server.Client.RunAsync("demo.echo", "1");
        Assert.Equal(JobState.Succeeded, before.State);

        cluster.Stop();

        await RpcAssert.FailsAsync(StatusCode.Unavailable, () => server.Client.SubmitAsync("demo.echo", "2"));
        await RpcAssert.FailsAsync(StatusCode.Unavailable, () => server.Client.GetAsync(before.Id));
        Assert.Equal(ServingStatus.NotServing, await HealthProbe.StatusAsync(server.Client));

        cluster.Start();

        Assert.Equal(JobState.Succeeded, (await server.Client.RunAsync("demo.echo", "3")).State);
        Assert.Equal(ServingStatus.Serving, await HealthProbe.StatusAsync(server.Client));
        Assert.Equal(JobState.Succeeded, (await server.Client.GetAsync(before.Id)).State);
    }

    [Fact]
    public async Task JobEnding_WhileDatabaseStopped_ItsOutcomeIsStoredOnceTheDatabaseIsBack()
    {
        using var cluster = PostgresCluster.StartPrivate();
        await using var server = await ServerProcess.StartAsync("--store", "postgres", "--connection", cluster.CreateDatabase());
        var job = await server.Client.SubmitAsync("demo.sleep", """{"seconds": 600, "steps": 60}""");
        await server.Client.WaitForStateAsync(job.Id, JobState.Running);

        cluster.Stop();
        // Cancelling a job that runs on this node fires its token without a store write: the handler
        // ends while the database is down, and writing its outcome fails until it is back.
        await server.Client.CancelAsync(job.Id, "outage");
        await ProcessTable.WaitUntilAsync(() => server.Output.Contains("its outcome could not be stored", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the outcome's write failing");
        cluster.Start();

        var done = await server.Client.AwaitAsync(job.Id);
        Assert.Equal(JobState.Cancelled, done.State);
        Assert.Equal(JobState.Cancelled, (await server.Client.ReadEventsAsync(job.Id)).Last().StateChange.State);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
