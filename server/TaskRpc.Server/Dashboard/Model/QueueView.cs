namespace TaskRpc.Server.Dashboard.Model;

/// <summary>An executor's or a task's queued and running jobs (capacity: an executor's slots, 0 for a task).</summary>
internal sealed record QueueView(string Name, string Executor, int Capacity, int Queued, int Running);
