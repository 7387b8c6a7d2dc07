using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Limits;

/// <summary>
/// A job's size from its parts: payload bytes (JSON text times <c>jsonExpansion</c>), text as
/// UTF-8 at most (3 bytes per UTF-16 unit) with a field tag and length each, and a fixed
/// allowance for the scalar fields. With an expansion of 1 it is the engine's own
/// <see cref="IJobSizer"/> for hosts without a service edge; the server uses it with the
/// largest expansion of JSON text into protobuf Values as its cheap upper bound.
/// </summary>
internal sealed class EstimatedJobSizer : IJobSizer
{
    private const int FixedFields = 256;
    private const int LabelFraming = 8;
    private readonly int _jsonExpansion;

    public EstimatedJobSizer()
        : this(1)
    {
    }

    public EstimatedJobSizer(int jsonExpansion) => _jsonExpansion = jsonExpansion;

    public long Bound(JobSnapshot job) => Measure(job);

    public long Measure(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var size = FixedFields + Text(job.Id) + Text(job.Task) + Text(job.IdempotencyKey) + Payload(job.Args) + Payload(job.Result);
        if (job.Error is { } error)
        {
            size += 6 + Text(error.Code) + Text(error.Message) + Text(error.Type) + Text(error.Details);
        }

        if (job.Progress is { } progress)
        {
            size += 16 + Text(progress.Message) + (_jsonExpansion * Text(progress.Detail));
        }

        foreach (var (key, value) in job.Labels)
        {
            size += LabelFraming + Text(key) + Text(value);
        }

        return size;
    }

    private static long Text(string? text) => text is null ? 0 : 6 + (3L * text.Length);

    private long Payload(Payload? payload) => payload switch
    {
        null => 0,
        { Kind: PayloadKind.Json } => 16 + ((long)_jsonExpansion * payload.Data.Length),
        _ => 16 + payload.Data.Length + Text(payload.TypeUrl),
    };
}
