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
        // demo.fail fails at run time whatever its args (demo.sleep's bad args are now refused at Submit).
        object[] inputs = [new { message = "mapped failure" }];

        var error = await Assert.ThrowsAsync<RemoteJobFailedException>(() => Client.MapAsync<object, SleepResult>("demo.fail", inputs, 2, Timeout));

        Assert.Equal("UNKNOWN", error.ErrorCode);
    }

    [Fact]
    public async Task MapAsync_ZeroConcurrency_ThrowsArgumentOutOfRange() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.MapAsync<int, int>("demo.echo", [1], 0, Timeout));
}
