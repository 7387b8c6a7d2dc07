namespace TaskRpc.Interop.Tests;

/// <summary>
/// The TaskService cases every external client runs (tests/interop/python/service_cases.py and
/// tests/interop/node/service_cases.js), in their order. A case added to the scripts must be added
/// here too: <see cref="ExternalClientTests.RunOfAllCases_FromExternalClient_ExitsWithZeroAndReportsEveryCase"/> fails otherwise.
/// </summary>
public static class ServiceCases
{
    /// <summary>The case names.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "health_serving", "reflection_lists_services",
        "submit_wait", "get", "await_with_timeout",
        "wait_first_completed", "wait_first_exception", "wait_all_completed", "wait_timeout",
        "watch_resume", "cancel_queued", "cancel_running",
        "deadline_exceeded", "compression_gzip", "large_message_near_limit", "large_message_over_limit", "custom_metadata",
        "error_unknown_id", "error_bad_args", "error_unknown_task",
    ];
}
