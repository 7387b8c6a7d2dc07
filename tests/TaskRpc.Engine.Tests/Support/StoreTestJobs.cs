using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>Jobs and events for store tests: new queued jobs with fresh ids, their first events and state changes, at a fixed time.</summary>
internal sealed class StoreTestJobs
{
    public static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly JobIdGenerator _ids = new(new FakeTimeProvider());

    public JobSnapshot NewJob(string task = "t") => new()
    {
        Id = _ids.Next(),
        Task = task,
        State = JobState.Queued,
        Args = Payload.FromJson("{}"),
        CreatedAt = T0,
        LastSequence = 1,
    };

    public static JobEvent Created(JobSnapshot job) =>
        new() { JobId = job.Id, Sequence = 1, Time = T0, StateChange = new JobStateChange(JobState.Queued, 0) };

    public static JobEvent Change(JobSnapshot job, JobState state) =>
        new() { JobId = job.Id, Sequence = job.LastSequence, Time = T0, StateChange = new JobStateChange(state, job.Attempt, job.Result, job.Error) };
}
