using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>
/// Asks server reflection one question per call. v1 and v1alpha are wire-identical, so the v1
/// messages serve for both; only the service name in the path differs.
/// </summary>
public sealed class ReflectionClient(GrpcChannel channel, string serviceName)
{
    public const string V1 = "grpc.reflection.v1.ServerReflection";
    public const string V1Alpha = "grpc.reflection.v1alpha.ServerReflection";

    private readonly Method<ServerReflectionRequest, ServerReflectionResponse> _method =
        new(MethodType.DuplexStreaming, serviceName, "ServerReflectionInfo");

    /// <summary>Sends <paramref name="request"/>, half-closes and returns the single answer.</summary>
    public async Task<ServerReflectionResponse> AskAsync(ServerReflectionRequest request)
    {
        using var call = channel.DuplexStreamingCall(_method);
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestTimeouts.Signal));
        var response = call.ResponseStream.Current;
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(TestTimeouts.Signal));
        return response;
    }

    /// <summary>The names of the files in a file_descriptor_response, each parsed as FileDescriptorProto.</summary>
    public static List<string> FileNames(ServerReflectionResponse response)
    {
        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, response.MessageResponseCase);
        return response.FileDescriptorResponse.FileDescriptorProto.Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes).Name).ToList();
    }
}
