using TaskRpc.Contracts.V1;
using Domain = TaskRpc.Engine.Jobs;

namespace TaskRpc.Server.Mapping;

/// <summary>Jobs, events and their parts from domain types to taskrpc.v1 messages.</summary>
internal static class JobMapper
{
    public static Job ToProto(Domain.JobSnapshot job)
    {
        var proto = new Job
        {
            Id = job.Id,
            Task = job.Task,
            State = (JobState)job.State,
            Args = PayloadMapper.ToProto(job.Args),
            Attempt = job.Attempt,
            MaxAttempts = job.MaxAttempts,
            Executor = (Executor)job.Executor,
            Priority = job.Priority,
            IdempotencyKey = job.IdempotencyKey ?? string.Empty,
            CreateTime = TimeMapper.ToTimestamp(job.CreatedAt),
            StartTime = TimeMapper.ToTimestamp(job.StartedAt),
            FinishTime = TimeMapper.ToTimestamp(job.FinishedAt),
            NotBefore = TimeMapper.ToTimestamp(job.NotBefore),
            ExecutionTimeout = TimeMapper.ToDuration(job.ExecutionTimeout),
            LastSequence = (ulong)job.LastSequence,
        };
        if (job.Result is not null)
        {
            proto.Result = PayloadMapper.ToProto(job.Result);
        }

        if (job.Error is not null)
        {
            proto.Error = ToProto(job.Error);
        }

        if (job.Progress is not null)
        {
            proto.Progress = ToProto(job.Progress);
        }

        foreach (var (key, value) in job.Labels)
        {
            proto.Labels.Add(key, value);
        }

        return proto;
    }

    /// <summary>Adds every job of <paramref name="jobs"/> to <paramref name="target"/>, mapped.</summary>
    public static void AddTo(Google.Protobuf.Collections.RepeatedField<Job> target, IEnumerable<Domain.JobSnapshot> jobs)
    {
        foreach (var job in jobs)
        {
            target.Add(ToProto(job));
        }
    }

    public static JobEvent ToProto(Domain.JobEvent jobEvent)
    {
        var proto = new JobEvent
        {
            JobId = jobEvent.JobId,
            Sequence = (ulong)jobEvent.Sequence,
            Time = TimeMapper.ToTimestamp(jobEvent.Time),
        };
        if (jobEvent.StateChange is { } change)
        {
            proto.StateChange = new StateChange
            {
                State = (JobState)change.State,
                Attempt = change.Attempt,
                Result = change.Result is null ? null : PayloadMapper.ToProto(change.Result),
                Error = change.Error is null ? null : ToProto(change.Error),
            };
        }
        else if (jobEvent.Progress is { } progress)
        {
            proto.Progress = ToProto(progress);
        }

        return proto;
    }

    public static JobError ToProto(Domain.JobError error) => new()
    {
        Code = error.Code,
        Message = error.Message,
        Type = error.Type ?? string.Empty,
        Details = error.Details ?? string.Empty,
    };

    public static Progress ToProto(Domain.JobProgress progress) => new()
    {
        Fraction = progress.Fraction,
        Message = progress.Message ?? string.Empty,
        Detail = PayloadMapper.ToValue(progress.Detail),
    };

    public static TaskInfo ToProto(Engine.Tasks.TaskInfo task) => new()
    {
        Name = task.Name,
        Executor = (Executor)task.Executor,
        MaxConcurrency = task.MaxConcurrency,
        Description = task.Description,
        ArgsDescription = task.ArgsDescription,
        DefaultExecutionTimeout = TimeMapper.ToDuration(task.DefaultExecutionTimeout),
        DefaultRetry = task.DefaultRetry is null ? null : RetryMapper.ToProto(task.DefaultRetry),
    };
}
