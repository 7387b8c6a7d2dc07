namespace TaskRpc.Server.Security;

/// <summary>One tenant's allow-list and quotas: <c>Auth:Tenants:NAME:...</c>.</summary>
internal sealed class TenantOptions
{
    /// <summary>The tasks the tenant may submit (<c>Tasks:0=demo.echo</c>); others are PERMISSION_DENIED. Default empty: any task.</summary>
    public List<string> Tasks { get; set; } = [];

    /// <summary>The most jobs the tenant may have queued; more submissions are RESOURCE_EXHAUSTED. Default 0: no limit of its own.</summary>
    public int MaxQueuedJobs { get; set; }

    /// <summary>The most of the tenant's jobs that run at once; the rest wait in the queue. Default 0: no limit of its own.</summary>
    public int MaxRunningJobs { get; set; }

    /// <summary>Submissions per second (a token bucket of one second's worth); more are RESOURCE_EXHAUSTED. Default 0: no limit.</summary>
    public double SubmitsPerSecond { get; set; }
}
