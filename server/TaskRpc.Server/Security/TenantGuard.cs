using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TaskRpc.Engine;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Server.Security;

/// <summary>
/// The one place the service edge applies tenants: it resolves each call's <see cref="CallerScope"/>
/// from the authenticated caller, stamps new jobs with the caller's tenant, answers another tenant's
/// job id NOT_FOUND exactly like a missing one, narrows lists to the caller's tenant, and checks a
/// submission against the tenant's task allow-list (PERMISSION_DENIED) and submit rate
/// (RESOURCE_EXHAUSTED with <c>google.rpc.RetryInfo</c>).
/// </summary>
internal sealed class TenantGuard : IDisposable
{
    private readonly bool _enabled;
    private readonly Dictionary<string, TenantOptions> _tenants;
    private readonly PartitionedRateLimiter<string> _submits;
    private readonly IJobEngine _engine;

    public TenantGuard(IOptions<AuthOptions> options, IJobEngine engine)
    {
        _engine = engine;
        _enabled = options.Value.Enabled;
        _tenants = new Dictionary<string, TenantOptions>(options.Value.Tenants, StringComparer.Ordinal);
        _submits = PartitionedRateLimiter.Create<string, string>(tenant =>
            _tenants.TryGetValue(tenant, out var limits) && limits.SubmitsPerSecond > 0
                ? RateLimitPartition.GetTokenBucketLimiter(tenant, _ => SubmitBucket(limits.SubmitsPerSecond))
                : RateLimitPartition.GetNoLimiter(tenant));
    }

    /// <summary>The caller's scope; <see cref="CallerScope.Open"/> when the server has no authentication.</summary>
    public CallerScope Resolve(ServerCallContext context)
    {
        if (!_enabled)
        {
            return CallerScope.Open;
        }

        var user = context.GetHttpContext().User;
        var tenant = user.FindFirst(TaskRpcClaims.Tenant)?.Value ?? string.Empty;
        return new CallerScope(tenant, user.IsInRole(TaskRpcClaims.AdminRole), _tenants.GetValueOrDefault(tenant));
    }

    /// <summary>The submission as the caller's tenant's, once its task and rate are allowed.</summary>
    public JobSubmission Admit(CallerScope scope, JobSubmission submission)
    {
        if (!_enabled)
        {
            return submission;
        }

        if (scope.Limits is { } limits)
        {
            if (limits.Tasks.Count > 0 && !limits.Tasks.Contains(submission.Task, StringComparer.Ordinal))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, $"Tenant '{scope.Tenant}' may not run task '{submission.Task}'."));
            }

            using var lease = _submits.AttemptAcquire(scope.Tenant);
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                throw GrpcErrorResponse.Exhausted(
                    $"Tenant '{scope.Tenant}' submits more than {limits.SubmitsPerSecond} jobs per second; retry later.", retryAfter);
            }
        }

        return submission with { Tenant = scope.Tenant };
    }

    /// <summary>Throws NOT_FOUND, as for a missing id, unless the job exists and the caller may see it.</summary>
    public async ValueTask EnsureVisibleAsync(CallerScope scope, string jobId, CancellationToken cancellationToken)
    {
        if (!scope.SeesAll)
        {
            Visible(scope, await _engine.GetAsync(jobId, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>The job, or NOT_FOUND as for a missing id when it is another tenant's.</summary>
    public static JobSnapshot Visible(CallerScope scope, JobSnapshot job) =>
        scope.CanSee(job.Tenant) ? job : throw new JobNotFoundException(job.Id);

    /// <summary>The filter narrowed to the caller's tenant unless it sees every tenant.</summary>
    public static JobFilter Narrow(CallerScope scope, JobFilter filter) => scope.SeesAll ? filter : filter with { Tenant = scope.Tenant };

    public void Dispose() => _submits.Dispose();

    /// <summary>A bucket of one second's submissions, refilled every 100 ms (or one token per interval below 10/s).</summary>
    private static TokenBucketRateLimiterOptions SubmitBucket(double perSecond)
    {
        var period = perSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1 / perSecond);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Ceiling(perSecond)),
            TokensPerPeriod = perSecond >= 10 ? Math.Max(1, (int)Math.Round(perSecond / 10)) : 1,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
