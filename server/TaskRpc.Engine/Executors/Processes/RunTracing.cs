using TaskRpc.Engine.Diagnostics;

namespace TaskRpc.Engine.Executors.Processes.Protocol;

/// <summary>A run message carries its attempt's trace context to the worker (<see cref="JobTracing"/>).</summary>
internal sealed partial class Run : ITracedRun
{
}
