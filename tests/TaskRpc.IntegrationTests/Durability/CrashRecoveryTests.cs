using System.Collections.Concurrent;
using TaskRpc.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.Tests.Shared;
using Xunit.Abstractions;

namespace TaskRpc.IntegrationTests.Durability;

/// <summary>
/// The real crash test: the server as a child process on a SQLite file or a PostgreSQL database,
/// thousands of jobs from concurrent clients, SIGKILL mid-run, a restart on the same store; every
/// job whose Submit succeeded must reach a terminal state, and the attempts that died must be
/// re-run or fail ABORTED.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int Jobs = 3000;
    private const int KillAfter = 2000;
    private const int Clients = 4;
    private const int CallsPerClient = 16;
    private readonly TempDatabaseFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public Task Kill9MidRun_RestartOnTheSameFile_EveryAcceptedJobEnds() => CrashAndRecoverAsync("--db", _database.Path);

    /// <summary>
    /// The same on PostgreSQL. The store is shared, so the restarted node takes over only the
    /// running jobs whose lease is its own (the same node id) or expired.
    /// </summary>
    [Fact]
    public Task Kill9MidRun_RestartOnTheSamePostgresDatabase_EveryAcceptedJobEnds() =>
        CrashAndRecoverAsync("--store", "postgres", "--connection", PostgresCluster.Shared.CreateDatabase(), "--Engine:NodeId=crash-node");

    private async Task CrashAndRecoverAsync(params string[] store)
    {
        var accepted = new ConcurrentBag<string>();
        string retried, failed, keyed;
        await using (var first = await ServerProcess.StartAsync(store))
        {
            // Two jobs certainly running at the kill: one with a second attempt left, one without.
            retried = (await first.Client.SubmitAsync("demo.sleep", """{"seconds": 8}""", r => { r.Retry = new RetryPolicy { MaxAttempts = 2 }; r.IdempotencyKey = "crash-key"; })).Id;
            failed = (await first.Client.SubmitAsync("demo.sleep", """{"seconds": 8}""")).Id;
            await first.Client.WaitForStateAsync(retried, JobState.Running);
            await first.Client.WaitForStateAsync(failed, JobState.Running);

            // The kill comes after KillAfter acknowledged Submits, or 5 s in on a slow machine, so the 8 s sentinels are still running.
            using var kill = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var submitted = 0;
            var submitters = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{first.Port}"));
                var client = new TaskRpcClient(channel);
                await Task.WhenAll(Enumerable.Range(0, CallsPerClient).Select(async _ =>
                {
                    int n;
                    while (!kill.IsCancellationRequested && (n = Interlocked.Increment(ref submitted)) <= Jobs)
                    {
                        try
                        {
                            var job = await client.SubmitAsync("demo.sleep", """{"seconds": 0.2}""", r => r.Retry = new RetryPolicy { MaxAttempts = n % 2 == 0 ? 2 : 1 });
                            accepted.Add(job.Id);
                            if (accepted.Count >= KillAfter)
                            {
                                await kill.CancelAsync();
                            }
                        }
                        catch (RpcException) when (kill.IsCancellationRequested)
                        {
                            return; // The server is being killed: this Submit was not acknowledged, so it is not counted.
                        }
                    }
                }));
            })).ToList();

            await WaitCancelledAsync(kill.Token);
            await first.KillAsync();
            await Task.WhenAll(submitters);
            keyed = retried;
        }

        await using var second = await ServerProcess.StartAsync(store);
        var ids = accepted.ToList();
        output.WriteLine($"Submits acknowledged before the kill: {ids.Count} (+2 running sentinels)");

        var wait = await second.Client.WaitAsync([.. ids, retried, failed], ReturnWhen.AllCompleted, TimeSpan.FromMinutes(2)); // A hang guard: 2,000 jobs re-run on a busy machine.

        Assert.Empty(wait.Pending);
        Assert.Equal(ids.Count + 2, wait.Done.Count);
        var byState = wait.Done.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(", ", byState.Select(s => $"{s.Key}: {s.Value}")));
        var bulk = wait.Done.Where(j => j.Id != retried && j.Id != failed).ToList();
        Assert.All(bulk, j => Assert.True(
            j.State == JobState.Succeeded || (j.State == JobState.Failed && j.Error.Code == "ABORTED" && j.MaxAttempts == 1),
            $"Job {j.Id} ended {j.State} {j.Error}"));
        var rerun = bulk.Count(j => j.State == JobState.Succeeded && j.Attempt == 2);
        var aborted = bulk.Count(j => j.State == JobState.Failed);
        output.WriteLine($"Re-run at attempt 2: {rerun}; failed ABORTED: {aborted}");

        var retriedJob = wait.Done.Single(j => j.Id == retried);
        Assert.Equal(JobState.Succeeded, retriedJob.State);
        Assert.Equal(2, retriedJob.Attempt);
        var failedJob = wait.Done.Single(j => j.Id == failed);
        Assert.Equal(JobState.Failed, failedJob.State);
        Assert.Equal("ABORTED", failedJob.Error.Code);
        Assert.Equal(1, failedJob.Attempt);

        // The history survived: the lost attempt's re-queue event is there, from any sequence on.
        var history = await second.Client.ReadEventsAsync(retried, 1);
        Assert.Contains(history, e => e.StateChange is { State: JobState.Queued, Attempt: 1 } change && change.Error.Code == "ABORTED");
        var tail = await second.Client.ReadEventsAsync(retried, history[^1].Sequence);
        Assert.Equal(history[^1].Sequence, Assert.Single(tail).Sequence);

        // Idempotency keys still dedupe.
        var again = await second.Client.SubmitAsync("demo.sleep", """{"seconds": 8}""", r => r.IdempotencyKey = "crash-key");
        Assert.Equal(keyed, again.Id);
    }

    private static async Task WaitCancelledAsync(CancellationToken token)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = token.Register(() => signal.TrySetResult());
        await signal.Task.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
    }
}
