using TaskRpc.Interop.Tests.Infrastructure;

namespace TaskRpc.Interop.Tests;

/// <summary>
/// A Python grpc.aio client written like the asyncio docs' examples (gather, wait, Semaphore,
/// cancel, progress streams, error statuses) → the real TaskRpc server with its demo tasks.
/// The scenarios are in tests/interop/python/test_taskrpc_asyncio.py.
/// </summary>
[Collection(ServerUnderTestGroup.Name)]
public sealed class PythonAsyncioScenarioTests(ServerUnderTest server)
{
    /// <summary>The script's scenarios, in its order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "gather_three", "wait_first_completed", "wait_first_exception", "wait_timeout", "semaphore_fan_out_600",
        "cancel_running", "progress_stream_and_resume",
        "error_unknown_task", "error_bad_args", "error_unknown_job_id", "error_empty_id", "error_not_before_and_delay",
        "error_deadline_exceeded", "job_failed", "json_payload_parse_dict",
    ];

    /// <summary>The scenario names as theory data.</summary>
    public static TheoryData<string> Scenarios => new(Names);

    /// <summary>One scenario of the run; on failure, the script's whole transcript.</summary>
    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_FromPythonAsyncioClient_Passes(string name)
    {
        var (passed, explanation) = (await server.RunOfAsync(ExternalClients.PythonAsyncioScenarios)).Outcome(name);
        Assert.True(passed, explanation);
    }

    /// <summary>The run reports exactly these scenarios and exits 0, so none is added or lost unnoticed.</summary>
    [Fact]
    public async Task Run_ReportsEveryScenario_AndSucceeds()
    {
        var run = await server.RunOfAsync(ExternalClients.PythonAsyncioScenarios);
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; output:\n{run.Transcript}");
        Assert.Equal(Names.Order(StringComparer.Ordinal), run.Results.Keys.Order(StringComparer.Ordinal));
    }
}
