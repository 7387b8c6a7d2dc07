using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using TaskRpc.Grpc.Tests.Server.Infrastructure;

namespace TaskRpc.Grpc.Tests.Server;

/// <summary>grpc.reflection v1 and v1alpha over a server hosting TestService, health and reflection.</summary>
public sealed class ReflectionServiceTests
{
    private const string TestProto = "grpc/testing/test.proto";
    private const string MessagesProto = "grpc/testing/messages.proto";
    private const string EmptyProto = "grpc/testing/empty.proto";

    public static TheoryData<string> Versions => new() { ReflectionClient.V1, ReflectionClient.V1Alpha };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task ListServices_ServerWithAllServices_ListsEveryService(string version)
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var channel = server.CreateChannel();

        var response = await new ReflectionClient(channel, version).AskAsync(new ServerReflectionRequest { ListServices = "*" });

        var names = response.ListServicesResponse.Service.Select(service => service.Name).ToList();
        Assert.Contains("grpc.testing.TestService", names);
        Assert.Contains("grpc.health.v1.Health", names);
        Assert.Contains(ReflectionClient.V1, names);
        Assert.Contains(ReflectionClient.V1Alpha, names);
        Assert.Equal(ServerReflectionRequest.MessageRequestOneofCase.ListServices, response.OriginalRequest.MessageRequestCase);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task FileContainingSymbol_ServiceMethodOrMessage_ReturnsFileWithDependencies(string version)
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var channel = server.CreateChannel();
        var client = new ReflectionClient(channel, version);

        var service = ReflectionClient.FileNames(await client.AskAsync(Symbol("grpc.testing.TestService")));
        var method = ReflectionClient.FileNames(await client.AskAsync(Symbol("grpc.testing.TestService.UnaryCall")));
        var message = ReflectionClient.FileNames(await client.AskAsync(Symbol("grpc.testing.SimpleRequest")));

        Assert.Equal(TestProto, service[0]);
        Assert.Equal([EmptyProto, MessagesProto, TestProto], service.Order(StringComparer.Ordinal));
        Assert.Equal(service, method);
        Assert.Equal(MessagesProto, message[0]);
        Assert.DoesNotContain(TestProto, message);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task FileContainingSymbol_ServiceFile_DescribesServiceAndMethods(string version)
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var channel = server.CreateChannel();

        var response = await new ReflectionClient(channel, version).AskAsync(Symbol("grpc.health.v1.Health"));

        var file = FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("grpc.health.v1", file.Package);
        var health = Assert.Single(file.Service);
        Assert.Equal("Health", health.Name);
        Assert.Equal(["Check", "Watch"], health.Method.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task FileByFilename_KnownFile_ReturnsIt(string version)
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var channel = server.CreateChannel();

        var response = await new ReflectionClient(channel, version).AskAsync(new ServerReflectionRequest { FileByFilename = MessagesProto });

        Assert.Equal(MessagesProto, ReflectionClient.FileNames(response)[0]);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task FileContainingSymbol_UnknownSymbolOrFile_ReturnsNotFoundErrorResponse(string version)
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var channel = server.CreateChannel();
        var client = new ReflectionClient(channel, version);

        var symbol = await client.AskAsync(Symbol("no.such.Thing"));
        var file = await client.AskAsync(new ServerReflectionRequest { FileByFilename = "no/such.proto" });

        Assert.Equal((int)StatusCode.NotFound, symbol.ErrorResponse.ErrorCode);
        Assert.Contains("no.such.Thing", symbol.ErrorResponse.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal((int)StatusCode.NotFound, file.ErrorResponse.ErrorCode);
    }

    [Fact]
    public async Task ServerReflectionInfo_SeveralRequestsOnOneStream_AnswersEachInOrder()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.BindEcho);
        using var channel = server.CreateChannel();
        using var call = channel.DuplexStreamingCall(
            new Method<ServerReflectionRequest, ServerReflectionResponse>(ReflectionReflection.Descriptor.Services[0].Methods[0]));

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.WriteAsync(Symbol("grpc.testing.Empty"));
        await call.RequestStream.CompleteAsync();
        var answers = new List<ServerReflectionResponse>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync().WithCancellation(new CancellationTokenSource(TestTimeouts.Signal).Token))
        {
            answers.Add(answer);
        }

        Assert.Equal(2, answers.Count);
        Assert.NotEmpty(answers[0].ListServicesResponse.Service);
        Assert.Equal(EmptyProto, ReflectionClient.FileNames(answers[1])[0]);
    }

    private static ServerReflectionRequest Symbol(string symbol) => new() { FileContainingSymbol = symbol };
}
