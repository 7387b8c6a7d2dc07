namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>Args of demo.fail.</summary>
/// <param name="Message">The message the task fails with.</param>
internal sealed record FailArgs(string Message = "demo.fail failed as asked");
