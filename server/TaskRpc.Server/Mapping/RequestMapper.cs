using TaskRpc.Contracts.V1;
using TaskRpc.Engine.Errors;
using Domain = TaskRpc.Engine.Jobs;

namespace TaskRpc.Server.Mapping;

/// <summary>taskrpc.v1 requests to domain requests, refusing what does not fit with a clear message.</summary>
internal static class RequestMapper
{
    public static Domain.JobSubmission ToSubmission(SubmitRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Task))
        {
            throw new InvalidSubmissionException("task is required, e.g. \"demo.echo\".");
        }

        return new Domain.JobSubmission
        {
            Task = request.Task,
            Args = PayloadMapper.ToDomain(request.Args, "args"),
            Priority = request.Priority,
            ExecutionTimeout = TimeMapper.ToTimeSpan(request.ExecutionTimeout, "execution_timeout"),
            ScheduleToStartTimeout = TimeMapper.ToTimeSpan(request.ScheduleToStartTimeout, "schedule_to_start_timeout"),
            NotBefore = TimeMapper.ToDateTimeOffset(request.NotBefore, "not_before"),
            Delay = TimeMapper.ToTimeSpan(request.Delay, "delay"),
            Retry = RetryMapper.ToDomain(request.Retry),
            IdempotencyKey = string.IsNullOrEmpty(request.IdempotencyKey) ? null : request.IdempotencyKey,
            Labels = request.Labels.Count == 0 ? null : new Dictionary<string, string>(request.Labels, StringComparer.Ordinal),
        };
    }

    public static string RequireId(string id) =>
        string.IsNullOrWhiteSpace(id) ? throw new InvalidSubmissionException("id is required.") : id;

    /// <summary>Wait's ids: an empty one is a malformed request (INVALID_ARGUMENT), not an unknown job.</summary>
    public static IReadOnlyList<string> RequireIds(IReadOnlyList<string> ids)
    {
        foreach (var id in ids)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new InvalidSubmissionException("ids must not contain an empty id.");
            }
        }

        return ids;
    }

    public static Domain.ReturnWhen ToDomain(ReturnWhen returnWhen) => returnWhen switch
    {
        ReturnWhen.Unspecified or ReturnWhen.AllCompleted => Domain.ReturnWhen.AllCompleted,
        ReturnWhen.FirstCompleted => Domain.ReturnWhen.FirstCompleted,
        ReturnWhen.FirstException => Domain.ReturnWhen.FirstException,
        _ => throw new InvalidSubmissionException($"return_when {(int)returnWhen} is not a known value."),
    };

    public static Domain.JobFilter ToFilter(ListJobsRequest request) => new()
    {
        State = request.State switch
        {
            JobState.Unspecified => null,
            >= JobState.Queued and <= JobState.Cancelled => (Domain.JobState)request.State,
            _ => throw new InvalidSubmissionException($"state {(int)request.State} is not a known value."),
        },
        Task = string.IsNullOrEmpty(request.Task) ? null : request.Task,
        Labels = request.Labels.Count == 0 ? null : new Dictionary<string, string>(request.Labels, StringComparer.Ordinal),
    };
}
