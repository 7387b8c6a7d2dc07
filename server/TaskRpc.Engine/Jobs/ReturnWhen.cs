namespace TaskRpc.Engine.Jobs;

/// <summary>When a wait across many jobs returns, as in Python's <c>asyncio.wait</c>.</summary>
public enum ReturnWhen
{
    /// <summary>When every job has ended.</summary>
    AllCompleted = 0,

    /// <summary>As soon as any job ends.</summary>
    FirstCompleted = 1,

    /// <summary>As soon as any job ends Failed or Cancelled, or when all have ended.</summary>
    FirstException = 2,
}
