using Grpc.Core;
using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Tests.Shared;

namespace TaskRpc.Client.Tests;

public sealed class TransportTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task GetJobAsync_UnreachableServer_ThrowsTransientUnavailable()
    {
        using var refusing = LoopbackPorts.Refusing();
        using var client = new TaskRpcClient(new TaskRpcClientOptions { Address = new Uri($"http://127.0.0.1:{refusing.Port()}"), MaxRetries = 1, RetryBackoff = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<TaskRpcTransportException>(() => client.GetJobAsync<string>("any", Timeout));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.IsType<RpcException>(error.InnerException);
    }

    [Fact]
    public async Task SubmitAsync_WithIdempotencyKeyAndFirstAttemptUnavailable_RetriesAndSucceeds()
    {
        var handler = new InstrumentedHandler { Fail503Once = "Submit" };
        using var client = Server.CreateClient(options => options.HttpHandler = handler);

        var job = await client.SubmitAsync<Item>("demo.echo", new Item(7), new SubmitOptions { IdempotencyKey = Guid.NewGuid().ToString() }, Timeout);

        Assert.Equal(new Item(7), await job);
        Assert.Equal(2, handler.Calls("Submit"));
    }

    [Fact]
    public async Task SubmitAsync_WithoutIdempotencyKeyAndFirstAttemptUnavailable_ThrowsWithoutRetry()
    {
        var handler = new InstrumentedHandler { Fail503Once = "Submit" };
        using var client = Server.CreateClient(options => options.HttpHandler = handler);

        var error = await Assert.ThrowsAsync<TaskRpcTransportException>(() => client.SubmitAsync<Item>("demo.echo", new Item(7), cancellationToken: Timeout));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal(1, handler.Calls("Submit"));
    }

    [Fact]
    public async Task SubmitAsync_SameIdempotencyKeyTwice_ReturnsTheSameJob()
    {
        var options = new SubmitOptions { IdempotencyKey = Guid.NewGuid().ToString() };

        var first = await Client.SubmitAsync<Item>("demo.echo", new Item(1), options, Timeout);
        var second = await Client.SubmitAsync<Item>("demo.echo", new Item(1), options, Timeout);

        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task SubmitAsync_CustomHeaders_SentWithTheCall()
    {
        var handler = new InstrumentedHandler();
        using var client = Server.CreateClient(options =>
        {
            options.HttpHandler = handler;
            options.Headers["authorization"] = "Bearer test-token";
        });

        await await client.SubmitAsync<Item>("demo.echo", new Item(2), cancellationToken: Timeout);

        Assert.Equal(["Bearer test-token"], handler.LastRequest!.Headers.GetValues("authorization"));
    }

    [Fact]
    public void Constructor_NonHttpAddress_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new TaskRpcClient("ftp://127.0.0.1:1"));
}
