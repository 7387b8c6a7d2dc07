using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Events;

/// <summary>Receives a job's events as they are committed; must never block.</summary>
internal interface IJobListener
{
    void OnEvent(JobEvent jobEvent, JobSnapshot job);
}
