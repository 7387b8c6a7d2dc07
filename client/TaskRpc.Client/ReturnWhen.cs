namespace TaskRpc.Client;

/// <summary>When <see cref="TaskRpcCombinators.WaitAsync{TJob}(IEnumerable{TJob}, ReturnWhen, TimeSpan?, CancellationToken)"/> returns, as in asyncio.wait.</summary>
public enum ReturnWhen
{
    /// <summary>When every job has ended (asyncio's ALL_COMPLETED).</summary>
    AllCompleted = 0,

    /// <summary>As soon as any job ends (asyncio's FIRST_COMPLETED).</summary>
    FirstCompleted = 1,

    /// <summary>As soon as any job ends FAILED or CANCELLED, or when all have ended (asyncio's FIRST_EXCEPTION).</summary>
    FirstException = 2,
}
