namespace TaskRpc.Engine.Executors.Processes;

/// <summary>Where a worker process is in its life.</summary>
internal enum WorkerState
{
    /// <summary>Started; has not reported Ready.</summary>
    Starting = 0,

    /// <summary>Takes runs.</summary>
    Ready = 1,

    /// <summary>Takes no more runs; exits once its runs have finished (recycling or stopping).</summary>
    Retiring = 2,

    /// <summary>Exited or killed.</summary>
    Dead = 3,
}
