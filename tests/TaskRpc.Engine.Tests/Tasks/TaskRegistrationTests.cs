using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Tasks;

public sealed class TaskRegistrationTests
{
    [Fact]
    public async Task Tasks_Default_ListsDemoTasksWithTheirExecutorsAndDescriptions()
    {
        await using var harness = await EngineHarness.CreateAsync(configureTask: (name, o) =>
        {
            if (name == "test.gate")
            {
                o.MaxConcurrency = 4;
                o.Description = "waits";
                o.DefaultExecutionTimeout = TimeSpan.FromMinutes(1);
                o.DefaultRetry = new RetryPolicy { MaxAttempts = 3 };
            }
        });

        var tasks = harness.Engine.Tasks.ToDictionary(t => t.Name);

        Assert.Equal(ExecutorKind.Async, tasks["demo.echo"].Executor);
        Assert.Equal(ExecutorKind.Async, tasks["demo.sleep"].Executor);
        Assert.Equal(ExecutorKind.Threads, tasks["demo.blocking_sleep"].Executor);
        Assert.Contains("message", tasks["demo.fail"].ArgsDescription, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(tasks["demo.sleep"].Description));
        var gate = tasks["test.gate"];
        Assert.Equal((4, "waits", TimeSpan.FromMinutes(1), 3), (gate.MaxConcurrency, gate.Description, gate.DefaultExecutionTimeout, gate.DefaultRetry!.MaxAttempts));
    }

    [Fact]
    public async Task Tasks_DemoTasksDisabled_AreNotRegistered()
    {
        await using var harness = await EngineHarness.CreateAsync(o => o.EnableDemoTasks = false);

        Assert.DoesNotContain(harness.Engine.Tasks, t => t.Name.StartsWith("demo.", StringComparison.Ordinal));
        await Assert.ThrowsAsync<Errors.TaskNotFoundException>(() => harness.Engine.SubmitAsync(EngineHarness.Job("demo.echo")).AsTask());
    }

    [Fact]
    public async Task TaskDefaults_SubmissionWithoutSettings_UsesTheTaskDefaults()
    {
        await using var harness = await EngineHarness.CreateAsync(configureTask: (name, o) =>
        {
            if (name == "test.flaky")
            {
                o.DefaultRetry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = TimeSpan.Zero };
            }
        });

        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.flaky", """{"succeedOnAttempt":2}"""));

        Assert.Equal(2, job.MaxAttempts);
        Assert.Equal(JobState.Succeeded, (await harness.AwaitAsync(job.Id)).State);
    }

    [Fact]
    public async Task AddTask_ProcessesExecutorWithoutWorkerCommand_IsListedAndItsJobsFailWithAClearError()
    {
        await using var harness = await EngineHarness.CreateAsync();

        Assert.Equal(ExecutorKind.Processes, harness.Engine.Tasks.Single(t => t.Name == "demo.cpu").Executor);
        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("demo.cpu", """{"n": 1}"""));
        var done = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(JobErrorCodes.Aborted, done.Error!.Code);
        Assert.Contains("WorkerCommand", done.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTask_NotAHandler_Throws()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddTaskRpc().AddTask<TestProbe>("nope"));
    }

    [Fact]
    public void AddTaskRpc_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddTaskRpc(o => o.Async.MaxConcurrency = 0);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IJobEngine>());

        Assert.Contains("Async.MaxConcurrency", error.Message, StringComparison.Ordinal);
    }
}
