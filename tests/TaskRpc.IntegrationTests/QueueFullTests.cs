using TaskRpc.Contracts.V1;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>Backpressure: a server whose Async executor queue holds two jobs.</summary>
public sealed class QueueFullTests() : InProcessServer("--Engine:Async:QueueCapacity=2")
{
    [Fact]
    public async Task Submit_QueueFull_ResourceExhaustedUntilASlotFrees()
    {
        var waiting = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Client.SubmitAsync("demo.echo", "{}", r => r.Delay = Durations.Seconds(30))));

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => Client.SubmitAsync("demo.echo", "{}"), "queue is full");
        await Client.CancelAsync(waiting[0].Id);
        var accepted = await Client.RunAsync("demo.echo", "{}");

        Assert.Equal(JobState.Succeeded, accepted.State);
        await Client.CancelAllAsync(waiting.Select(j => j.Id));
    }

    [Fact]
    public async Task Submit_RunningJobs_DoNotCountAgainstQueueCapacity()
    {
        var gates = Enumerable.Range(0, 3).Select(_ => Server.Gates.Create()).ToList();
        var running = new List<Job>();
        foreach (var (name, gate) in gates)
        {
            running.Add(await Client.SubmitAsync("test.gate", $$"""{"gate": "{{name}}"}"""));
            await gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        }

        gates.ForEach(g => g.Gate.Open());
        var done = await Client.WaitAsync(running.Select(j => j.Id), ReturnWhen.AllCompleted, TimeSpan.FromSeconds(10));

        Assert.Equal(3, done.Done.Count(j => j.State == JobState.Succeeded));
    }

    [Fact]
    public async Task Submit_ThreadsQueueFullOfAsyncJobs_StillAcceptsThreadsJobs()
    {
        var waiting = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Client.SubmitAsync("demo.echo", "{}", r => r.Delay = Durations.Seconds(30))));

        var threadsJob = await Client.RunAsync("demo.blocking_sleep", """{"seconds": 0}""");

        Assert.Equal(JobState.Succeeded, threadsJob.State);
        await Client.CancelAllAsync(waiting.Select(j => j.Id));
    }
}
