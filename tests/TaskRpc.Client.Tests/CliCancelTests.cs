using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Tests;

/// <summary>
/// taskrpc cancel of a job that takes a while to stop: demo.cpu with ignore_cancel in a worker
/// process stays RUNNING after the cancel until the pool kills its worker (CancelGracePeriod).
/// </summary>
public sealed class CliCancelTests
{
    private static readonly object SlowToStop = new { n = 3_000_000_000, ignore_cancel = true };

    [Fact]
    public Task Cancel_JobSlowToStop_WaitsAndReportsCancelled() => WithServerAsync("00:00:02", async (server, job) =>
    {
        var run = await CliProcess.RunAsync(server.Address, "cancel", job.Id);
        var json = await CliProcess.RunAsync(server.Address, "get", job.Id, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"Cancelled {job.Id}: CANCELLED", run.Output.TrimEnd('\n'));
        Assert.Equal("JOB_STATE_CANCELLED", json.Json().GetProperty("state").GetString());
    });

    [Fact]
    public Task Cancel_JobSlowToStopJson_ReportsTheFinalJob() => WithServerAsync("00:00:02", async (server, job) =>
    {
        var run = await CliProcess.RunAsync(server.Address, "cancel", job.Id, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Json().GetProperty("cancelled").GetBoolean());
        Assert.Equal("JOB_STATE_CANCELLED", run.Json().GetProperty("job").GetProperty("state").GetString());
    });

    [Theory]
    [InlineData("--no-wait")]
    [InlineData("--timeout", "0.2")]
    public Task Cancel_JobStillStoppingWhenTheCommandReturns_SaysItIsCancelling(params string[] options) => WithServerAsync("00:01:00", async (server, job) =>
    {
        var run = await CliProcess.RunAsync(server.Address, ["cancel", job.Id, .. options]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"Cancelling {job.Id} (the handler is being stopped): RUNNING", run.Output.TrimEnd('\n'));
    });

    /// <summary>
    /// Runs <paramref name="test"/> with a server of its own whose pool kills a worker
    /// <paramref name="cancelGracePeriod"/> after a cancel its handler ignores, and the
    /// slow-to-stop job running in a worker.
    /// </summary>
    private static async Task WithServerAsync(string cancelGracePeriod, Func<ClientTestServer, RemoteJob, Task> test)
    {
        var server = await ClientTestServer.StartAsync($"--Engine:Processes:CancelGracePeriod={cancelGracePeriod}", "--Engine:ShutdownTimeout=00:00:01");
        try
        {
            using var client = server.CreateClient();
            await test(server, await StartInWorkerAsync(client));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Submits the slow-to-stop job and waits for its first progress report: its handler runs in a worker.</summary>
    private static async Task<RemoteJob<Payload>> StartInWorkerAsync(TaskRpcClient client)
    {
        using var timeout = new CancellationTokenSource(ClientTestBase.Patience);
        var job = await client.SubmitAsync<Payload>("demo.cpu", SlowToStop, cancellationToken: timeout.Token);
        await foreach (var jobEvent in job.WatchAsync(cancellationToken: timeout.Token))
        {
            if (jobEvent.Progress is not null)
            {
                return job;
            }
        }

        throw new InvalidOperationException($"Job {job.Id} ended before it reported progress.");
    }
}
