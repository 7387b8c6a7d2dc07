using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;

namespace TaskRpc.Grpc.Reflection;

/// <summary>grpc.reflection.v1.ServerReflection: what grpcurl and ghz use to call without .proto files.</summary>
internal sealed class ReflectionServiceV1(ReflectionIndex index) : IGrpcService
{
    public ServiceDescriptor Descriptor => global::Grpc.Reflection.V1.ReflectionReflection.Descriptor.Services[0];

    public void Bind(ServiceBinder binder) =>
        binder.DuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>("ServerReflectionInfo", ServerReflectionInfoAsync);

    /// <summary>Answers one request; shared by the v1alpha service, whose messages are wire-identical.</summary>
    public ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                foreach (var name in index.ServiceNames)
                {
                    list.Service.Add(new ServiceResponse { Name = name });
                }

                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, index.FindFile(request.FileByFilename), $"File '{request.FileByFilename}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, index.FindFileContainingSymbol(request.FileContainingSymbol), $"Symbol '{request.FileContainingSymbol}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                // proto3 services declare no extensions.
                SetError(response, StatusCode.NotFound, "Extensions are not supported: no proto3 file declares any.");
                break;
            default:
                SetError(response, StatusCode.InvalidArgument, "The request sets no message_request.");
                break;
        }

        return response;
    }

    private async Task ServerReflectionInfoAsync(
        IAsyncStreamReader<ServerReflectionRequest> requests, IAsyncStreamWriter<ServerReflectionResponse> responses, ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(Answer(requests.Current), context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }

        var files = new FileDescriptorResponse();
        files.FileDescriptorProto.AddRange(ReflectionIndex.WithDependencies(file));
        response.FileDescriptorResponse = files;
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
