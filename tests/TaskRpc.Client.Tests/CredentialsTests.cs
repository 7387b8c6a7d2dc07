using Grpc.Core;
using TaskRpc.Client.Tests.Infrastructure;

namespace TaskRpc.Client.Tests;

/// <summary>The client and the CLI send credentials to a server with API keys: accepted with the right key, UNAUTHENTICATED without.</summary>
public sealed class CredentialsTests : IAsyncLifetime
{
    private const string Key = "client-test-key";
    private ClientTestServer? _server;

    public async Task InitializeAsync() =>
        _server = await ClientTestServer.StartAsync($"--Auth:ApiKeys:0:Key={Key}", "--Auth:ApiKeys:0:Tenant=acme");

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Submit_WithApiKeyOrBearerToken_Runs(bool asApiKey)
    {
        using var client = _server!.CreateClient(options =>
        {
            if (asApiKey)
            {
                options.ApiKey = Key;
            }
            else
            {
                options.BearerToken = Key;
            }
        });

        var result = await await client.SubmitAsync<Item>("demo.echo", new Item(7));

        Assert.Equal(new Item(7), result);
    }

    [Fact]
    public async Task Submit_WithoutCredential_ThrowsUnauthenticated()
    {
        using var client = _server!.CreateClient(options => options.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<TaskRpcTransportException>(() => client.SubmitAsync<Item>("demo.echo", new Item(1)));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public void Options_ApiKeyAndBearerToken_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new TaskRpcClient(new TaskRpcClientOptions { ApiKey = "a", BearerToken = "b" }));

        Assert.Contains("at most one of ApiKey and BearerToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_ApiKeyOptionOrVariable_Runs_WithoutFailsClearly()
    {
        var withOption = await CliProcess.RunAsync(_server!.Address, "--api-key", Key, "submit", "demo.echo", "--args", "1", "--wait", "--json");
        var withVariable = await CliProcess.RunAsync(_server.Address, new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["TASKRPC_API_KEY"] = Key }, "submit", "demo.echo", "--args", "2", "--wait", "--json");
        var without = await CliProcess.RunAsync(_server.Address, new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["TASKRPC_API_KEY"] = null }, "list");

        Assert.True(withOption.ExitCode == 0, withOption.ToString());
        Assert.Equal("JOB_STATE_SUCCEEDED", withOption.Json().GetProperty("state").GetString());
        Assert.True(withVariable.ExitCode == 0, withVariable.ToString());
        Assert.Equal(7, without.ExitCode);
        Assert.Contains("the server refused the credentials: Missing credentials", without.Error, StringComparison.Ordinal);
    }
}
