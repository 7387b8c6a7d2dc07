namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>Args of <see cref="JsonResultTask"/>.</summary>
/// <param name="Json">The JSON text the task returns as its result.</param>
internal sealed record JsonResultArgs(string Json);
