using Grpc.Core;
using Npgsql;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Cluster;

/// <summary>
/// The pipelined direct start on PostgreSQL: a job that a node starts itself runs before its
/// create committed (its outcome queues behind the create, often into the same commit), the
/// submission is answered only once the create committed, and a create that fails stops the
/// attempt, writes nothing more of it and gives its slot back.
/// </summary>
[Collection(ClusterSerial.Name)]
public sealed class PipelinedStartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Submit_CreateHeldBackByALock_AttemptRunsBeforeItCommitsAndSubmitAnswersAfter()
    {
        await using var cluster = await ServerCluster.StartAsync(1, "--Engine:Async:MaxConcurrency=1");
        var client = cluster.Nodes[0].Client;
        await using var db = await OpenAsync(cluster);
        await ExecuteAsync(db, HoldInsertsSql); // Only inserts wait: the node's claims and other writes go on.
        await client.RunAsync("demo.echo", """{"warm": true}""");

        // A submission that comes while a claim is under way is created queued instead (a job never
        // overtakes one that may wait in the store); then its attempt waits for the create, so try again.
        for (var round = 1; ; round++)
        {
            await WaitUntilAsync(async () => await RunningAsync(client) == 0, "the only slot is free");
            await ExecuteAsync(db, "SELECT pg_advisory_lock(4242)");
            var submit = client.SubmitAsync("demo.sleep", """{"seconds": 600}""");
            await WaitUntilAsync(async () => await ScalarAsync(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1, "the job's create waits for the lock");
            var startedFirst = await RunningAsync(client) == 1;

            Assert.False(submit.IsCompleted, "Submit answered before the job's create committed.");
            await ExecuteAsync(db, "SELECT pg_advisory_unlock(4242)");
            var job = await submit;
            await client.WaitForStateAsync(job.Id, JobState.Running);
            await client.CancelAsync(job.Id);
            var ended = await client.AwaitAsync(job.Id);

            Assert.Equal(JobState.Cancelled, ended.State);
            if (startedFirst)
            {
                Assert.Equal(
                    [JobState.Queued, JobState.Running, JobState.Cancelled],
                    (await client.ReadEventsAsync(job.Id)).Select(e => e.StateChange.State));
                return;
            }

            Assert.True(round < 3, "Three submissions in a row did not start before their create committed.");
        }
    }

    [Fact]
    public async Task Submit_CreateFails_SubmitFailsAttemptStopsAndItsSlotIsFree()
    {
        await using var cluster = await ServerCluster.StartAsync(1, "--Engine:Async:MaxConcurrency=1");
        var client = cluster.Nodes[0].Client;
        await client.RunAsync("demo.echo", """{"warm": true}""");
        await using (var db = await OpenAsync(cluster))
        {
            await ExecuteAsync(db, "ALTER TABLE taskrpc.jobs ADD CONSTRAINT no_doomed_jobs CHECK (NOT (labels ? 'doomed'))");
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => client.SubmitAsync("demo.sleep", """{"seconds": 600}""", r => r.Labels["doomed"] = "yes"));
        await WaitUntilAsync(async () => await RunningAsync(client) == 0, "the attempt of the job that was not created stopped");
        var next = await client.RunAsync("demo.echo", """{"after": "the failed create"}""");

        Assert.Equal(StatusCode.Unknown, error.StatusCode); // An unexpected store error, as any: a generic message, logged.
        Assert.Equal((JobState.Succeeded, 1), (next.State, next.Attempt)); // The one slot was given back.
        var listed = await client.ListAsync(new ListJobsRequest { PageSize = 100 });
        Assert.DoesNotContain(listed.Jobs, j => j.Labels.ContainsKey("doomed"));
    }

    /// <summary>A trigger that makes every insert into the jobs table wait while a session holds advisory lock 4242.</summary>
    private const string HoldInsertsSql = """
        CREATE FUNCTION taskrpc.hold_inserts() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END $$;
        CREATE TRIGGER hold_inserts BEFORE INSERT ON taskrpc.jobs FOR EACH ROW EXECUTE FUNCTION taskrpc.hold_inserts();
        """;

    private static async Task<int> RunningAsync(TaskRpcClient client)
    {
        var stats = await client.Service.GetStatsAsync(new GetStatsRequest(), TaskRpcClient.Options());
        return stats.Executors.Single(e => e.Executor == Executor.Async).Running;
    }

    private static async Task<NpgsqlConnection> OpenAsync(ServerCluster cluster)
    {
        var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Asks again every 50 ms until <paramref name="condition"/> holds; fails the test after a minute.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var cancel = new CancellationTokenSource(Patience);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!await condition())
        {
            try
            {
                await ticks.WaitForNextTickAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {Patience} waiting until {what}.");
            }
        }
    }
}
