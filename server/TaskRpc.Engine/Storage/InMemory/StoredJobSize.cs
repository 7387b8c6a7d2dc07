using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage.InMemory;

/// <summary>
/// The in-memory store's estimate of what a job takes in process memory, for its size limit:
/// payload bytes, text as UTF-16, and fixed allowances for the objects around them (snapshot,
/// dictionary, index and expiry entries per job; the event object per event). A result is
/// counted once: the terminal event shares the snapshot's.
/// </summary>
internal static class StoredJobSize
{
    public const int JobOverhead = 1024;
    public const int EventOverhead = 100;
    private const int LabelOverhead = 64;

    public static long Of(JobSnapshot job)
    {
        long size = JobOverhead + Text(job.Id) + Text(job.Task) + Text(job.IdempotencyKey)
            + Payload(job.Args) + Payload(job.Result) + Error(job.Error) + Progress(job.Progress);
        foreach (var (key, value) in job.Labels)
        {
            size += LabelOverhead + Text(key) + Text(value);
        }

        return size;
    }

    public static long Of(JobEvent jobEvent) =>
        EventOverhead + Error(jobEvent.StateChange?.Error) + Progress(jobEvent.Progress);

    private static long Payload(Payload? payload) => payload is null ? 0 : 48 + payload.Data.Length + Text(payload.TypeUrl);

    private static long Error(JobError? error) =>
        error is null ? 0 : 48 + Text(error.Code) + Text(error.Message) + Text(error.Type) + Text(error.Details);

    private static long Progress(JobProgress? progress) => progress is null ? 0 : 48 + Text(progress.Message) + Text(progress.Detail);

    private static long Text(string? text) => text is null ? 0 : 24 + (2L * text.Length);
}
