using System.Globalization;
using TaskRpc.Contracts.V1;
using Grpc.Core;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests.Durability;

/// <summary>A database file that can't be used fails the start with a clear message, and a full one fails Submit with RESOURCE_EXHAUSTED; nothing is lost silently.</summary>
public sealed class StoreErrorTests : IDisposable
{
    private readonly TempDatabaseFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Start_GarbageDatabaseFile_ExitsNonZeroNamingTheFileAndTheCause()
    {
        await File.WriteAllTextAsync(_database.Path, string.Concat(Enumerable.Repeat("not a database at all ", 1000)));

        var (exitCode, output) = await ServerProcess.RunToExitAsync("--db", _database.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains("taskrpc: cannot start:", output, StringComparison.Ordinal);
        Assert.Contains(_database.Path, output, StringComparison.Ordinal);
        Assert.Contains("not a database", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DatabaseInUseByAnotherServer_ExitsNonZero()
    {
        await using var first = await ServerProcess.StartAsync("--db", _database.Path);

        var (exitCode, output) = await ServerProcess.RunToExitAsync("--db", _database.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains("in use by another TaskRpc server", output, StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, (await first.Client.RunAsync("demo.echo", "1")).State);
    }

    [Fact]
    public async Task Submit_DatabaseFull_FailsResourceExhaustedAndKeepsAcceptedJobs()
    {
        await using var server = await TaskRpcTestServer.StartAsync("--store", "sqlite", "--db", _database.Path, "--Store:MaxSizeBytes=262144");
        var big = string.Create(CultureInfo.InvariantCulture, $"\"{new string('x', 32 * 1024)}\"");
        var accepted = new List<string>();
        RpcException? full = null;
        for (var i = 0; i < 64 && full is null; i++)
        {
            try
            {
                accepted.Add((await server.Client.SubmitAsync("demo.echo", big)).Id);
            }
            catch (RpcException error)
            {
                full = error;
            }
        }

        Assert.NotNull(full);
        Assert.Equal(StatusCode.ResourceExhausted, full.StatusCode);
        Assert.Contains("is full", full.Status.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(accepted);
        foreach (var id in accepted)
        {
            Assert.Equal(id, (await server.Client.GetAsync(id)).Id);
        }
    }
}
