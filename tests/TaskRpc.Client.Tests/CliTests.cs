using TaskRpc.Client.Tests.Infrastructure;
using TaskRpc.Contracts.V1;
using TaskRpc.Tests.Shared;

namespace TaskRpc.Client.Tests;

public sealed class CliTests(ClientTestServer server) : ClientTestBase(server)
{
    [Fact]
    public async Task Submit_SucceedingJobWithWaitAndJson_ExitsZeroWithParsableJob()
    {
        var run = await CliAsync("submit", "demo.sleep", "--args", """{"seconds":0.05,"steps":2}""", "--wait", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = run.Json();
        Assert.Equal("JOB_STATE_SUCCEEDED", job.GetProperty("state").GetString());
        Assert.Equal(2, job.GetProperty("result").GetProperty("json").GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task Submit_ArgsFromFile_SendsThem()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"from":"file"}""");

        var run = await CliAsync("submit", "demo.echo", "--args-file", file, "--wait", "--json");

        File.Delete(file);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("file", run.Json().GetProperty("result").GetProperty("json").GetProperty("from").GetString());
    }

    [Fact]
    public async Task Submit_WithoutWait_ExitsZeroAndPrintsTheQueuedJob()
    {
        var run = await CliAsync("submit", "demo.echo", "--args", "{}", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = await Client.GetJobAsync<Payload>(run.Json().GetProperty("id").GetString()!, Timeout);
        Assert.Equal("demo.echo", job.TaskName);
    }

    [Fact]
    public async Task Submit_FailingJobWithWait_ExitsOneWithTheError()
    {
        var run = await CliAsync("submit", "demo.fail", "--args", """{"message":"cli failure"}""", "--wait");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("cli failure", run.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_CancelledJob_ExitsThree()
    {
        var job = await SleepAsync(60);
        await job.CancelAsync(cancellationToken: Timeout);

        var run = await CliAsync("wait", job.Id);

        Assert.True(run.ExitCode == 3, run.ToString());
    }

    [Fact]
    public async Task Cancel_RunningJob_ExitsZeroAndTheJobEndsCancelled()
    {
        var job = await SleepAsync(60);

        var run = await CliAsync("cancel", job.Id, "--reason", "from the cli", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Json().GetProperty("cancelled").GetBoolean());
        Assert.Equal(JobState.Cancelled, (await job.WaitAsync(Timeout)).State);
    }

    [Fact]
    public async Task Get_UnknownJob_ExitsFourWithAMessage()
    {
        var run = await CliAsync("get", "no-such-job");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("no-such-job", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_UnreachableServer_ExitsFive()
    {
        using var refusing = LoopbackPorts.Refusing();

        var run = await CliProcess.RunAsync(null, "--address", $"127.0.0.1:{refusing.Port()}", "tasks");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("cannot reach", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("submit", "demo.echo", "--args", "{not json")]
    [InlineData("submit", "demo.echo", "--no-such-option")]
    [InlineData("wait", "some-id", "--return-when", "sometimes")]
    [InlineData("frobnicate")]
    public async Task Run_BadInput_ExitsTwoWithAMessage(params string[] args)
    {
        var run = await CliAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("taskrpc: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_TimeoutBeforeTheJobEnds_ExitsSix()
    {
        var job = await SleepAsync(60);

        var run = await CliAsync("wait", job.Id, "--timeout", "0.2", "--json");

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Equal(job.Id, run.Json().GetProperty("pending")[0].GetProperty("id").GetString());
        await job.CancelAsync(cancellationToken: Timeout);
    }

    [Fact]
    public async Task Wait_FirstCompleted_ExitsZeroWithDoneAndPending()
    {
        var slow = await SleepAsync(60);
        var fast = await SleepAsync(0.05);

        var run = await CliAsync("wait", slow.Id, fast.Id, "--return-when", "first-completed", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(fast.Id, run.Json().GetProperty("done")[0].GetProperty("id").GetString());
        Assert.Equal(slow.Id, run.Json().GetProperty("pending")[0].GetProperty("id").GetString());
        await slow.CancelAsync(cancellationToken: Timeout);
    }

    [Fact]
    public async Task Watch_Json_WritesEveryEventAsAJsonLine()
    {
        var job = await SleepAsync(0.1, steps: 2);

        var run = await CliAsync("watch", job.Id, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var events = run.JsonLines();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), events.Select(e => e.GetProperty("sequence").GetString()));
        Assert.Equal("JOB_STATE_SUCCEEDED", events[^1].GetProperty("stateChange").GetProperty("state").GetString());
    }

    [Fact]
    public async Task List_Json_IncludesASubmittedJob()
    {
        var job = await Client.SubmitAsync<Payload>("demo.echo", new { listed = true }, cancellationToken: Timeout);
        await job;

        var run = await CliAsync("list", "--task", "demo.echo", "--limit", "1000", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Json().GetProperty("jobs").EnumerateArray(), j => j.GetProperty("id").GetString() == job.Id);
    }

    [Fact]
    public async Task Tasks_Table_ListsTheDemoTasks()
    {
        var run = await CliAsync("tasks");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("demo.sleep", run.Output, StringComparison.Ordinal);
    }

    private Task<CliResult> CliAsync(params string[] args) => CliProcess.RunAsync(Server.Address, args);
}
