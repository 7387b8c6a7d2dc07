using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests;

/// <summary>Python grpcio (sync and aio) and Node grpc-js clients → our interop server.</summary>
public sealed class ExternalClientTests(ExternalClientRuns runs) : IClassFixture<ExternalClientRuns>
{
    /// <summary>Every (client, case) pair.</summary>
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var client in new[] { "python-sync", "python-aio", "node" })
            {
                foreach (var name in InteropCases.Names)
                {
                    data.Add(client, name);
                }
            }

            return data;
        }
    }

    /// <summary>One interop case from one client.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_FromExternalClient_Passes(string client, string name) =>
        Assert.StartsWith("PASS", await runs.ResultOfAsync(client, name), StringComparison.Ordinal);
}
