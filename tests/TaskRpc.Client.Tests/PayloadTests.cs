using Google.Protobuf.WellKnownTypes;
using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

public sealed class PayloadTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task SubmitAsync_RecordArgs_RoundTripAsJsonRecord()
    {
        var order = new Order("A-17", 3, ["red", "blue"]);

        var job = await Client.SubmitAsync<Order>("demo.echo", order, cancellationToken: Timeout);
        var echoed = await job.GetAsync(Timeout);

        Assert.Equal(Payload.KindOneofCase.Json, echoed.Args.KindCase);
        var result = await job;
        Assert.Equal(order.Sku, result.Sku);
        Assert.Equal(order.Quantity, result.Quantity);
        Assert.Equal(order.Colors, result.Colors);
    }

    [Fact]
    public async Task SubmitAsync_ProtobufMessageArgs_RoundTripAsAny()
    {
        var job = await Client.SubmitAsync<StringValue>("demo.echo", new StringValue { Value = "packed" }, cancellationToken: Timeout);

        var result = await job;

        Assert.Equal("packed", result.Value);
        Assert.Equal(Payload.KindOneofCase.Message, (await job.GetAsync(Timeout)).Result.KindCase);
    }

    [Fact]
    public async Task SubmitAsync_ContractMessageArgs_RoundTripAsAny()
    {
        var progress = new Progress { Fraction = 0.5, Message = "half" };

        var result = await await Client.SubmitAsync<Progress>("demo.echo", progress, cancellationToken: Timeout);

        Assert.Equal(progress, result);
    }

    [Fact]
    public async Task SubmitAsync_BytesArgs_RoundTripAsBinary()
    {
        byte[] bytes = [1, 2, 3, 255];

        var result = await await Client.SubmitAsync<byte[]>("demo.echo", bytes, cancellationToken: Timeout);

        Assert.Equal(bytes, result);
    }

    [Fact]
    public async Task Await_MessageResultReadAsWrongType_ThrowsInvalidCast()
    {
        var job = await Client.SubmitAsync<Int32Value>("demo.echo", new StringValue { Value = "x" }, cancellationToken: Timeout);

        await Assert.ThrowsAsync<InvalidCastException>(async () => await job);
    }
}
