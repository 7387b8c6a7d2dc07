namespace TaskRpc.Interop.Tests.CSharpClient;

/// <summary>Our C# client against the Python grpcio interop server.</summary>
public sealed class CSharpClientAgainstGrpcioServerTests(GrpcioServerFixture server) : IClassFixture<GrpcioServerFixture>
{
    public static TheoryData<string> Cases => new(CSharpInteropClient.Cases);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InteropCase_GrpcioServer_Passes(string testCase)
    {
        // grpcio hides the per-message compressed flag from handlers: no INVALID_ARGUMENT probes.
        using var client = new CSharpInteropClient(server.Address, serverChecksCompression: false);
        await client.RunAsync(testCase);
    }
}
