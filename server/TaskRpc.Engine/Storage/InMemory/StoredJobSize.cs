using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage.InMemory;

/// <summary>
/// The in-memory store's estimate of what a job takes in process memory, for its size limit:
/// payload bytes, text as UTF-16, and fixed allowances for the objects around them (snapshot,
/// dictionary, index and expiry entries per job; the event object per event). A result is
/// counted once: the terminal event shares the snapshot's. Measured: a small finished demo.echo
/// job (three events) takes about 620 bytes of managed heap; this estimate says about 680.
/// </summary>
internal static class StoredJobSize
{
    public const int JobOverhead = 320;
    public const int EventOverhead = 56;
    private const int LabelOverhead = 48;

    public static long Of(JobSnapshot job)
    {
        long size = JobOverhead + Text(job.Id) + Text(job.Task) + Text(job.IdempotencyKey) + Text(job.Tenant) + Text(job.TraceContext)
            + Payload(job.Args) + Payload(job.Result) + Error(job.Error) + Progress(job.Progress);
        foreach (var (key, value) in job.Labels)
        {
            size += LabelOverhead + Text(key) + Text(value);
        }

        return size;
    }

    public static long Of(JobEvent jobEvent) =>
        EventOverhead + Error(jobEvent.StateChange?.Error) + Progress(jobEvent.Progress);

    private static long Payload(Payload? payload) => payload is null ? 0 : 32 + payload.Data.Length + Text(payload.TypeUrl);

    private static long Error(JobError? error) =>
        error is null ? 0 : 32 + Text(error.Code) + Text(error.Message) + Text(error.Type) + Text(error.Details);

    private static long Progress(JobProgress? progress) => progress is null ? 0 : 32 + Text(progress.Message) + Text(progress.Detail);

    private static long Text(string? text) => text is null ? 0 : 20 + (2L * text.Length);
}
