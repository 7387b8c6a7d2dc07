using TaskRpc.Contracts.V1;
using TaskRpc.Grpc;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>Backpressure: a server whose Async executor queue holds two jobs.</summary>
public sealed class QueueFullTests : IAsyncLifetime
{
    private TaskRpcTestServer? _server;

    private TaskRpcClient Client => _server!.Client;

    public async Task InitializeAsync() => _server = await TaskRpcTestServer.StartAsync("--Engine:Async:QueueCapacity=2");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

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
    public async Task Submit_ThreadsQueueFullOfAsyncJobs_StillAcceptsThreadsJobs()
    {
        var waiting = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Client.SubmitAsync("demo.echo", "{}", r => r.Delay = Durations.Seconds(30))));

        var threadsJob = await Client.RunAsync("demo.blocking_sleep", """{"seconds": 0}""");

        Assert.Equal(JobState.Succeeded, threadsJob.State);
        await Client.CancelAllAsync(waiting.Select(j => j.Id));
    }
}
