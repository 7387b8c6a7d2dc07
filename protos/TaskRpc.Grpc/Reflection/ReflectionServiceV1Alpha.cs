using Google.Protobuf;
using Google.Protobuf.Reflection;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace TaskRpc.Grpc.Reflection;

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection, for older clients. Its messages are wire-identical
/// to v1's, so each request is re-read as v1, answered by <see cref="ReflectionServiceV1"/>, and
/// the answer re-read as v1alpha.
/// </summary>
internal sealed class ReflectionServiceV1Alpha(ReflectionServiceV1 v1) : IGrpcService
{
    public ServiceDescriptor Descriptor => V1Alpha.ReflectionReflection.Descriptor.Services[0];

    public void Bind(ServiceBinder binder) =>
        binder.DuplexStreaming<V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse>("ServerReflectionInfo", ServerReflectionInfoAsync);

    private async Task ServerReflectionInfoAsync(
        IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requests,
        IAsyncStreamWriter<V1Alpha.ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var request = V1.ServerReflectionRequest.Parser.ParseFrom(requests.Current.ToByteString());
            var answer = V1Alpha.ServerReflectionResponse.Parser.ParseFrom(v1.Answer(request).ToByteString());
            await responses.WriteAsync(answer, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
