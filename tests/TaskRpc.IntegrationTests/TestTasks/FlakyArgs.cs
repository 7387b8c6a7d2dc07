namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>Args of <see cref="FlakyTask"/>.</summary>
/// <param name="SucceedOnAttempt">The first attempt that succeeds; earlier ones throw.</param>
internal sealed record FlakyArgs(int SucceedOnAttempt);
