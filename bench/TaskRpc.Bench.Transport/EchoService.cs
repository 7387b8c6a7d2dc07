using Grpc.Core;

namespace TaskRpc.Bench.Transport;

/// <summary>taskrpc.bench.Echo on grpc-dotnet: Ping echoes the request's fields.</summary>
public sealed class EchoService : Echo.EchoBase
{
    /// <inheritdoc />
    public override Task<PingReply> Ping(PingRequest request, ServerCallContext context) =>
        Task.FromResult(new PingReply { Message = request.Message, Seq = request.Seq });
}
