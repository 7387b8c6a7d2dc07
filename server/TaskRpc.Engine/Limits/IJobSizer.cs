using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Limits;

/// <summary>
/// Measures a job as the service sends it (the server's implementation: the encoded taskrpc.v1
/// Job message), so the engine can keep every job readable within <see cref="EngineOptions.MaxJobSizeBytes"/>.
/// </summary>
internal interface IJobSizer
{
    /// <summary>A cheap upper bound of <see cref="Measure"/>: the engine measures exactly only when the bound is over a limit.</summary>
    long Bound(JobSnapshot job);

    /// <summary>The job's size in bytes.</summary>
    long Measure(JobSnapshot job);
}
