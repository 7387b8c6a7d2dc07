namespace TaskRpc.Server.Dashboard.Model;

/// <summary>A process-pool worker.</summary>
internal sealed record WorkerView(int Pid, string State, int InFlight, int JobsRun, long ResidentBytes);
