namespace TaskRpc.Engine.Executors.Processes;

/// <summary>One process-pool worker as it was at a moment (read-only; for the dashboard and stats).</summary>
/// <param name="Pid">The worker's process id.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="InFlight">Runs sent to it and not finished.</param>
/// <param name="JobsRun">Runs it has finished.</param>
/// <param name="ResidentBytes">Its resident memory (0 when it could not be read).</param>
internal sealed record WorkerInfo(int Pid, WorkerState State, int InFlight, int JobsRun, long ResidentBytes);
