using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.Engine;
using TaskRpc.Engine.Stats;
using JobStateExtensions = TaskRpc.Engine.Jobs.JobStateExtensions;
using TaskRpc.Server.Mapping;
using TaskRpc.Server.Security;
using TaskRpc.Server.Telemetry;

namespace TaskRpc.Server.Services;

/// <summary>
/// taskrpc.v1.TaskService: the service edge. It maps requests to the engine's domain types and
/// back. Each method turns its exceptions into statuses through <see cref="CallErrors"/> and
/// mirrors request compression (<see cref="ResponseCompression"/>) itself, where other services
/// get both from <see cref="ErrorInterceptor"/>: grpc-dotnet's interceptor pipeline would cost
/// every call three more async state machines (docs/benchmarks.md, gRPC stack section). Every
/// method goes through <see cref="TenantGuard"/>: the caller sees and makes only its own tenant's jobs.
/// </summary>
[BindServiceMethod(typeof(TaskService), nameof(BindService))]
internal sealed partial class TaskService(IJobEngine engine, CallErrors errors, TenantGuard tenants, EngineStats stats) : Contracts.V1.TaskService.TaskServiceBase
{
    public override async Task<Job> Submit(SubmitRequest request, ServerCallContext context)
    {
        try
        {
            await ResponseCompression.MirrorAsync(context).ConfigureAwait(false);
            var submission = CallerTraceContext.Attach(tenants.Admit(tenants.Resolve(context), RequestMapper.ToSubmission(request)), context);
            var waitTimeout = TimeMapper.ToTimeSpan(request.WaitTimeout, "wait_timeout");
            var job = await engine.SubmitAsync(submission, context.CancellationToken).ConfigureAwait(false);
            if (request.Wait && !JobStateExtensions.IsTerminal(job.State))
            {
                job = await engine.AwaitAsync(job.Id, waitTimeout, context.CancellationToken).ConfigureAwait(false);
            }

            return JobMapper.ToProto(job);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw errors.ToRpcException(error, context);
        }
    }

    public override async Task<Job> Get(GetJobRequest request, ServerCallContext context)
    {
        try
        {
            await ResponseCompression.MirrorAsync(context).ConfigureAwait(false);
            return JobMapper.ToProto(TenantGuard.Visible(
                tenants.Resolve(context), await engine.GetAsync(RequestMapper.RequireId(request.Id), context.CancellationToken).ConfigureAwait(false)));
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw errors.ToRpcException(error, context);
        }
    }

    public override async Task<Job> Await(AwaitJobRequest request, ServerCallContext context)
    {
        try
        {
            await ResponseCompression.MirrorAsync(context).ConfigureAwait(false);
            var id = RequestMapper.RequireId(request.Id);
            var timeout = TimeMapper.ToTimeSpan(request.Timeout, "timeout");
            await tenants.EnsureVisibleAsync(tenants.Resolve(context), id, context.CancellationToken).ConfigureAwait(false);
            return JobMapper.ToProto(await engine.AwaitAsync(id, timeout, context.CancellationToken).ConfigureAwait(false));
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw errors.ToRpcException(error, context);
        }
    }

    public override async Task<WaitJobsResponse> Wait(WaitJobsRequest request, ServerCallContext context)
    {
        try
        {
            await ResponseCompression.MirrorAsync(context).ConfigureAwait(false);
            var returnWhen = RequestMapper.ToDomain(request.ReturnWhen);
            var timeout = TimeMapper.ToTimeSpan(request.Timeout, "timeout");
            var ids = RequestMapper.RequireIds(request.Ids);
            var scope = tenants.Resolve(context);
            foreach (var id in ids)
            {
                await tenants.EnsureVisibleAsync(scope, id, context.CancellationToken).ConfigureAwait(false);
            }

            var result = await engine.WaitAsync(ids, returnWhen, timeout, context.CancellationToken).ConfigureAwait(false);
            var response = new WaitJobsResponse();
            JobMapper.AddTo(response.Done, result.Done);
            JobMapper.AddTo(response.Pending, result.Pending);
            return response;
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw errors.ToRpcException(error, context);
        }
    }

    public override async Task<CancelJobResponse> Cancel(CancelJobRequest request, ServerCallContext context)
    {
        try
        {
            await ResponseCompression.MirrorAsync(context).ConfigureAwait(false);
            var id = RequestMapper.RequireId(request.Id);
            var reason = string.IsNullOrEmpty(request.Reason) ? null : request.Reason;
            await tenants.EnsureVisibleAsync(tenants.Resolve(context), id, context.CancellationToken).ConfigureAwait(false);
            var result = await engine.CancelAsync(id, reason, context.CancellationToken).ConfigureAwait(false);
            return new CancelJobResponse { Job = JobMapper.ToProto(result.Job), Cancelled = result.Cancelled };
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw errors.ToRpcException(error, context);
        }
    }

    public override async Task StreamProgress(StreamProgressRequest request, IServerStreamWriter<JobEvent> responseStream, ServerCallContext context)
    {
        try
        {
            await ResponseCompression.MirrorAsync(context).ConfigureAwait(false);
            var id = RequestMapper.RequireId(request.Id);
            var from = request.FromSequence > long.MaxValue ? long.MaxValue : (long)request.FromSequence;
            await tenants.EnsureVisibleAsync(tenants.Resolve(context), id, context.CancellationToken).ConfigureAwait(false);
            await foreach (var jobEvent in engine.SubscribeAsync(id, from, context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(JobMapper.ToProto(jobEvent), context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw errors.ToRpcException(error, context);
        }
    }

    public override async Task<ListJobsResponse> List(ListJobsRequest request, ServerCallContext context)
    {
        try
        {
            await ResponseCompression.MirrorAsync(context).ConfigureAwait(false);
            var token = string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken;
            var page = await engine.ListAsync(TenantGuard.Narrow(tenants.Resolve(context), RequestMapper.ToFilter(request)), request.PageSize, token, context.CancellationToken).ConfigureAwait(false);
            var response = new ListJobsResponse { NextPageToken = page.NextPageToken ?? string.Empty };
            JobMapper.AddTo(response.Jobs, page.Jobs);
            return response;
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw errors.ToRpcException(error, context);
        }
    }

    public override async Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        try
        {
            await ResponseCompression.MirrorAsync(context).ConfigureAwait(false);
            var response = new ListTasksResponse();
            foreach (var task in engine.Tasks)
            {
                response.Tasks.Add(JobMapper.ToProto(task));
            }

            return response;
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw errors.ToRpcException(error, context);
        }
    }

    // Limited to the caller's tenant as the dashboard is (Dashboard/DashboardAccess).
    public override async Task<GetStatsResponse> GetStats(GetStatsRequest request, ServerCallContext context)
    {
        try
        {
            await ResponseCompression.MirrorAsync(context).ConfigureAwait(false);
            return StatsMapper.ToProto(stats.Capture(Dashboard.DashboardAccess.Scope(context.GetHttpContext())));
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw errors.ToRpcException(error, context);
        }
    }
}
