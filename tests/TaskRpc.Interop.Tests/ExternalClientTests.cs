using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests;

/// <summary>Python grpcio (sync and aio) and Node grpc-js clients → our interop server.</summary>
public sealed class ExternalClientTests(ExternalClientRuns runs) : IClassFixture<ExternalClientRuns>
{
    private static readonly string[] ClientNames = ["python-sync", "python-aio", "node"];

    /// <summary>Every (client, case) pair.</summary>
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var client in ClientNames)
            {
                foreach (var name in InteropCases.Names)
                {
                    data.Add(client, name);
                }
            }

            return data;
        }
    }

    /// <summary>The external clients.</summary>
    public static TheoryData<string> Clients => new(ClientNames);

    /// <summary>One interop case from one client.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_FromExternalClient_Passes(string client, string name) =>
        Assert.StartsWith("PASS", await runs.ResultOfAsync(client, name), StringComparison.Ordinal);

    /// <summary>
    /// The client's run of every case ends by itself with exit code 0. A run that hangs after
    /// its cases fails here once, while the cases it reported keep their own results.
    /// </summary>
    [Theory]
    [MemberData(nameof(Clients))]
    public async Task RunOfAllCases_FromExternalClient_ExitsWithZero(string client)
    {
        var (exitCode, transcript) = await runs.EndingOfAsync(client);
        Assert.True(exitCode is not null, $"{client} did not exit within the time limit; it printed:\n{transcript}");
        Assert.True(exitCode == 0, $"{client} exited with {exitCode}; it printed:\n{transcript}");
    }
}
