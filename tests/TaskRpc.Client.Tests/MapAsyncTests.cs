using TaskRpc.Client.Tests.Infrastructure;

namespace TaskRpc.Client.Tests;

public sealed class MapAsyncTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task MapAsync_600Inputs_ReturnsResultsInOrderWithinTheConcurrencyBound()
    {
        var handler = new InstrumentedHandler();
        using var client = Server.CreateClient(options => options.HttpHandler = handler);
        var inputs = Enumerable.Range(0, 600).Select(i => new Item(i)).ToList();

        var results = await client.MapAsync<Item, Item>("demo.echo", inputs, maxConcurrency: 8, Timeout);

        Assert.Equal(inputs, results);
        Assert.Equal(600, handler.Calls("Submit"));
        Assert.InRange(handler.MaxInFlight, 2, 8);
    }

    [Fact]
    public async Task MapAsync_OneJobFails_ThrowsItsFailure()
    {
        object[] inputs = [new { seconds = 0 }, new { seconds = -1 }, new { seconds = 0 }];

        var error = await Assert.ThrowsAsync<RemoteJobFailedException>(() => Client.MapAsync<object, SleepResult>("demo.sleep", inputs, 2, Timeout));

        Assert.Equal("INVALID_ARGUMENT", error.ErrorCode);
    }

    [Fact]
    public async Task MapAsync_ZeroConcurrency_ThrowsArgumentOutOfRange() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.MapAsync<int, int>("demo.echo", [1], 0, Timeout));
}
