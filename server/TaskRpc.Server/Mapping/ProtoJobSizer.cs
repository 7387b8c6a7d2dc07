using Google.Protobuf;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Limits;

namespace TaskRpc.Server.Mapping;

/// <summary>
/// A job's size as the service sends it: the encoded taskrpc.v1 Job. Its cheap bound counts JSON
/// text six times over, the most compact JSON grows into google.protobuf.Value (an array of
/// one-digit numbers: 2 bytes each as <c>0,</c>, 11 as a Value in a ListValue); the exact size
/// maps the job, so it is measured only when the bound is over a limit.
/// </summary>
internal sealed class ProtoJobSizer : IJobSizer
{
    private const int JsonExpansion = 6;
    private readonly EstimatedJobSizer _bound = new(JsonExpansion);

    public long Bound(JobSnapshot job) => _bound.Measure(job);

    public long Measure(JobSnapshot job) => JobMapper.ToProto(job).CalculateSize();
}
