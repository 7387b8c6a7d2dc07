namespace TaskRpc.Interop.Tests.CSharpClient;

/// <summary>Our C# client against our own interop server (TaskRpc.InteropServer).</summary>
public sealed class CSharpClientAgainstTaskRpcServerTests(TaskRpcServerFixture server) : IClassFixture<TaskRpcServerFixture>
{
    public static TheoryData<string> Cases => new(CSharpInteropClient.Cases);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InteropCase_TaskRpcServer_Passes(string testCase)
    {
        using var client = new CSharpInteropClient(server.Address, serverChecksCompression: true);
        await client.RunAsync(testCase);
    }
}
