using Grpc.Health.V1;
using TaskRpc.Grpc.Tests.Server.Infrastructure;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TaskRpc.Grpc.Tests.Server;

public sealed class HealthServiceTests
{
    [Fact]
    public async Task Check_OverallService_ReturnsServing()
    {
        await using var server = await TestGrpcServer.StartAsync(_ => { });
        using var channel = server.CreateChannel();

        var response = await channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest { Service = "" });

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_ThrowsNotFound()
    {
        await using var server = await TestGrpcServer.StartAsync(_ => { });
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest { Service = "no.such.Service" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Check_AfterSetStatus_ReturnsNewStatus()
    {
        await using var server = await TestGrpcServer.StartAsync(_ => { });
        using var channel = server.CreateChannel();

        server.Health.SetStatus("grpc.testing.TestService", ServingStatus.NotServing);
        var notServing = await channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest { Service = "grpc.testing.TestService" });
        server.Health.SetStatus("grpc.testing.TestService", ServingStatus.Serving);
        var serving = await channel.UnaryCall(HealthMethods.Check, new HealthCheckRequest { Service = "grpc.testing.TestService" });

        Assert.Equal(ServingStatus.NotServing, notServing.Status);
        Assert.Equal(ServingStatus.Serving, serving.Status);
    }

    [Fact]
    public async Task Watch_StatusChanges_StreamsCurrentThenChange()
    {
        await using var server = await TestGrpcServer.StartAsync(_ => { });
        using var channel = server.CreateChannel();
        server.Health.SetStatus("jobs", ServingStatus.NotServing);

        using var call = channel.ServerStreamingCall(HealthMethods.Watch, new HealthCheckRequest { Service = "jobs" });
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestTimeouts.Signal));
        var first = call.ResponseStream.Current.Status;

        // The first message proves the watcher is registered: a change now must be streamed.
        server.Health.SetStatus("jobs", ServingStatus.Serving);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestTimeouts.Signal));

        Assert.Equal(ServingStatus.NotServing, first);
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watch_UnknownServiceThenCleared_StreamsServiceUnknownThenServingThenServiceUnknown()
    {
        await using var server = await TestGrpcServer.StartAsync(_ => { });
        using var channel = server.CreateChannel();
        using var call = channel.ServerStreamingCall(HealthMethods.Watch, new HealthCheckRequest { Service = "later" });
        var seen = new List<ServingStatus>();

        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestTimeouts.Signal));
        seen.Add(call.ResponseStream.Current.Status);
        server.Health.SetStatus("later", ServingStatus.Serving);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestTimeouts.Signal));
        seen.Add(call.ResponseStream.Current.Status);
        server.Health.ClearStatus("later");
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestTimeouts.Signal));
        seen.Add(call.ResponseStream.Current.Status);

        Assert.Equal([ServingStatus.ServiceUnknown, ServingStatus.Serving, ServingStatus.ServiceUnknown], seen);
    }
}
