using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Durability;

/// <summary>
/// A graceful stop (SIGTERM, as a deploy sends) interrupts the running jobs; on the durable store
/// they go back to the queue with their attempt uncounted and run again after the restart. One
/// job per executor: async, thread pool, and worker process.
/// </summary>
public sealed class GracefulRestartTests : IDisposable
{
    private readonly TempDatabaseFile _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("demo.sleep", """{"seconds": 60, "steps": 60}""")]
    [InlineData("demo.blocking_sleep", """{"seconds": 60, "steps": 60}""")]
    [InlineData("demo.cpu", """{"n": 1000000000000}""")]
    public async Task Sigterm_RunningJob_RunsAgainAfterTheRestartAsTheSameAttempt(string task, string args)
    {
        string id;
        await using (var first = await ServerProcess.StartAsync("--db", _database.Path))
        {
            id = (await first.Client.SubmitAsync(task, args)).Id;
            await first.Client.WaitForStateAsync(id, JobState.Running);

            await first.StopGracefullyAsync();
        }

        await using var second = await ServerProcess.StartAsync("--db", _database.Path);
        await second.Client.WaitForStateAsync(id, JobState.Running);
        var running = await second.Client.GetAsync(id);
        var cancel = await second.Client.CancelAsync(id, "seen running again");
        var events = await second.Client.ReadEventsAsync(id);

        Assert.Equal(1, running.Attempt);
        Assert.True(cancel.Cancelled);
        var changes = events.Select(e => e.StateChange).Where(c => c is not null).ToList();
        Assert.Equal([JobState.Queued, JobState.Running, JobState.Queued, JobState.Running, JobState.Cancelled], changes.Select(c => c.State));
        Assert.Equal("ABORTED", changes[2].Error.Code);
        Assert.Contains("shutting down", changes[2].Error.Message, StringComparison.Ordinal);
        Assert.Equal([1, 1, 1], changes.Skip(1).Take(3).Select(c => c.Attempt));
    }
}
