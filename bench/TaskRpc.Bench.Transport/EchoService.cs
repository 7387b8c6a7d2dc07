using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using TaskRpc.Grpc;

namespace TaskRpc.Bench.Transport;

/// <summary>taskrpc.bench.Echo: Ping echoes the request's fields.</summary>
public sealed class EchoService : IGrpcService
{
    /// <inheritdoc />
    public ServiceDescriptor Descriptor => BenchReflection.Descriptor.Services[0];

    /// <inheritdoc />
    public void Bind(ServiceBinder binder) => binder.Unary<PingRequest, PingReply>("Ping", Ping);

    private static ValueTask<PingReply> Ping(PingRequest request, ServerCallContext context) =>
        ValueTask.FromResult(new PingReply { Message = request.Message, Seq = request.Seq });
}
