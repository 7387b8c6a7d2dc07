using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests;

/// <summary>
/// Python grpcio (sync and aio) and Node grpc-js send an API key (<c>authorization: Bearer</c>) to
/// a server that requires one: the cases pass with it, and a case without it is refused.
/// </summary>
public sealed class AuthenticatedClientTests : IAsyncLifetime
{
    private const string Key = "interop-key";
    private static readonly string[] AuthenticatedCases =
        ["health_serving", "reflection_lists_services", "submit_wait", "get", "wait_all_completed", "watch_resume", "cancel_queued", "error_unknown_id"];

    private TaskRpcServerProcess? _server;

    public static TheoryData<string> Clients => new(ExternalClients.ServiceCaseClients);

    public async Task InitializeAsync() =>
        _server = await TaskRpcServerProcess.StartAsync($"--Auth:ApiKeys:0:Key={Key}", "--Auth:ApiKeys:0:Tenant=interop");

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Cases_WithApiKey_Pass_WithoutRefused(string client)
    {
        var authenticated = await ExternalClients.RunAsync(client, _server!.Port, "--case", string.Join(',', AuthenticatedCases), "--api-key", Key);
        var anonymous = await ExternalClients.RunAsync(client, _server.Port, "--case", "submit_wait");

        foreach (var name in AuthenticatedCases)
        {
            var (passed, explanation) = authenticated.Outcome(name);
            Assert.True(passed, explanation);
        }

        var (anonymousPassed, anonymousExplanation) = anonymous.Outcome("submit_wait");
        Assert.False(anonymousPassed, anonymousExplanation);
        Assert.Contains("UNAUTHENTICATED", anonymous.Transcript.ToUpperInvariant(), StringComparison.Ordinal);
    }
}
