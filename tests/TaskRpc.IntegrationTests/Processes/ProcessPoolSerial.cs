namespace TaskRpc.IntegrationTests.Processes;

/// <summary>
/// The process-pool tests start real server and worker processes and assert a latency bound
/// (cancel within 1 s): they run one at a time, not beside other tests, on this shared 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessPoolSerial
{
    public const string Name = "Processes";
}
