namespace TaskRpc.Engine.Lifecycle;

/// <summary>One tenant's ready jobs in an <see cref="ExecutorQueue"/> and how many of them it runs. Guarded by the queue's lock.</summary>
internal sealed class TenantReady(string tenant)
{
    public string Tenant { get; } = tenant;

    public PriorityQueue<JobRuntime, QueueKey> Ready { get; } = new();

    /// <summary>The tenant's jobs this executor runs now.</summary>
    public int Running { get; set; }

    /// <summary>Whether the tenant is in the queue's list of tenants with ready jobs.</summary>
    public bool Listed { get; set; }
}
