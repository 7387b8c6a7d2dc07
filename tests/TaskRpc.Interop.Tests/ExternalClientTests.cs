using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests;

/// <summary>Python grpcio (sync and aio) and Node grpc-js clients of taskrpc.v1 → a real TaskRpc server process.</summary>
[Collection(ServerUnderTestGroup.Name)]
public sealed class ExternalClientTests(ServerUnderTest server)
{
    /// <summary>Every (client, case) pair.</summary>
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var client in ExternalClients.ServiceCaseClients)
            {
                foreach (var name in ServiceCases.Names)
                {
                    data.Add(client, name);
                }
            }

            return data;
        }
    }

    /// <summary>The clients that run the case list.</summary>
    public static TheoryData<string> Clients => new(ExternalClients.ServiceCaseClients);

    /// <summary>One case from one client; on failure, the client's whole transcript.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_FromExternalClient_Passes(string client, string name)
    {
        var (passed, explanation) = (await server.RunOfAsync(client)).Outcome(name);
        Assert.True(passed, explanation);
    }

    /// <summary>
    /// The client's run ends by itself with exit code 0 and reports exactly the known cases. A run
    /// that hangs after its cases fails here once, while the cases it reported keep their own results.
    /// </summary>
    [Theory]
    [MemberData(nameof(Clients))]
    public async Task RunOfAllCases_FromExternalClient_ExitsWithZeroAndReportsEveryCase(string client)
    {
        var run = await server.RunOfAsync(client);
        Assert.True(run.ExitCode is not null, $"{client} did not exit within its time limit; it printed:\n{run.Transcript}");
        Assert.True(run.ExitCode == 0, $"{client} exited with {run.ExitCode}; it printed:\n{run.Transcript}\n--- server ---\n{server.ServerOutput}");
        Assert.Equal(ServiceCases.Names.Order(StringComparer.Ordinal), run.Results.Keys.Order(StringComparer.Ordinal));
    }
}
