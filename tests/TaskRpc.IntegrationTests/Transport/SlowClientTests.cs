using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Transport;

/// <summary>
/// A client that starts a unary request and never finishes its body (slowloris) does not hold a
/// stream forever: after the grace period (2 s here) at under the minimum data rate the server ends it.
/// </summary>
public sealed class SlowClientTests() : InProcessServer("--Server:RequestBodyGracePeriod=00:00:02")
{
    [Fact]
    public async Task Submit_RequestBodyNeverCompletes_ServerEndsTheStream()
    {
        var frame = RawGrpc.Frame(new SubmitRequest { Task = "demo.echo", Args = JsonPayload.From("1") });
        var content = new NeverEndingContent(frame[..(frame.Length / 2)]);
        using var raw = new RawGrpc(Server.Address);
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // Only so a regression fails instead of hanging.

        var call = raw.CallAsync("/taskrpc.v1.TaskService/Submit", content, cancellationToken: hang.Token);
        var failure = await Record.ExceptionAsync(() => call);

        Assert.False(hang.IsCancellationRequested, "The server held the stream until the test gave up.");
        if (failure is null)
        {
            Assert.NotEqual("0", (await call).GrpcStatus);
        }
        else
        {
            Assert.True(failure is HttpRequestException or OperationCanceledException, failure.ToString());
        }

        await content.Torn.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
