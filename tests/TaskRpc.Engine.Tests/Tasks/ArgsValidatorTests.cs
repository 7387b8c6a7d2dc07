using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tests.Support;

namespace TaskRpc.Engine.Tests.Tasks;

/// <summary>A handler's <see cref="Engine.Tasks.IArgsValidator{TArgs}"/> runs at Submit, before anything is stored or queued, on every executor.</summary>
public sealed class ArgsValidatorTests
{
    [Theory]
    [InlineData(ExecutorKind.Async)]
    [InlineData(ExecutorKind.Threads)]
    public async Task SubmitAsync_ValidatorRefusesTheArgs_ThrowsInvalidSubmissionWithItsMessageAndStoresNothing(ExecutorKind executor)
    {
        await using var harness = await EngineHarness.CreateAsync(configureTask: (_, options) => options.Executor = executor);

        var error = await Assert.ThrowsAsync<InvalidSubmissionException>(() => harness.Engine.SubmitAsync(EngineHarness.Job("test.validated", """{"name": ""}""")).AsTask());

        Assert.Equal("name is required.", error.Message);
        Assert.Empty((await harness.Engine.ListAsync()).Jobs);
        Assert.Equal(0, harness.Probe.Runs);
    }

    [Theory]
    [InlineData(ExecutorKind.Async)]
    [InlineData(ExecutorKind.Threads)]
    public async Task SubmitAsync_ValidatorAcceptsTheArgs_RunsTheJob(ExecutorKind executor)
    {
        await using var harness = await EngineHarness.CreateAsync(configureTask: (_, options) => options.Executor = executor);

        var job = await harness.Engine.SubmitAsync(EngineHarness.Job("test.validated", """{"name": "ok"}"""));
        var done = await harness.AwaitAsync(job.Id);

        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal("\"ok\"", done.Result!.GetJsonText());
    }
}
