using Grpc.Core;
using TaskRpc.Contracts.V1;
using TaskRpc.Engine;
using TaskRpc.Engine.Diagnostics.Stats;
using JobStateExtensions = TaskRpc.Engine.Jobs.JobStateExtensions;
using TaskRpc.Server.Mapping;

namespace TaskRpc.Server.Services;

/// <summary>
/// taskrpc.v1.TaskService: the service edge. It maps requests to the engine's domain types and
/// back; engine exceptions become statuses in <see cref="ErrorInterceptor"/>.
/// </summary>
internal sealed class TaskService(IJobEngine engine, EngineStats stats) : Contracts.V1.TaskService.TaskServiceBase
{
    public override async Task<Job> Submit(SubmitRequest request, ServerCallContext context)
    {
        var submission = RequestMapper.ToSubmission(request);
        var waitTimeout = TimeMapper.ToTimeSpan(request.WaitTimeout, "wait_timeout");
        var job = await engine.SubmitAsync(submission, context.CancellationToken).ConfigureAwait(false);
        if (request.Wait && !JobStateExtensions.IsTerminal(job.State))
        {
            job = await engine.AwaitAsync(job.Id, waitTimeout, context.CancellationToken).ConfigureAwait(false);
        }

        return JobMapper.ToProto(job);
    }

    public override async Task<Job> Get(GetJobRequest request, ServerCallContext context) =>
        JobMapper.ToProto(await engine.GetAsync(RequestMapper.RequireId(request.Id), context.CancellationToken).ConfigureAwait(false));

    public override async Task<Job> Await(AwaitJobRequest request, ServerCallContext context)
    {
        var id = RequestMapper.RequireId(request.Id);
        var timeout = TimeMapper.ToTimeSpan(request.Timeout, "timeout");
        return JobMapper.ToProto(await engine.AwaitAsync(id, timeout, context.CancellationToken).ConfigureAwait(false));
    }

    public override async Task<WaitJobsResponse> Wait(WaitJobsRequest request, ServerCallContext context)
    {
        var returnWhen = RequestMapper.ToDomain(request.ReturnWhen);
        var timeout = TimeMapper.ToTimeSpan(request.Timeout, "timeout");
        var result = await engine.WaitAsync(RequestMapper.RequireIds(request.Ids), returnWhen, timeout, context.CancellationToken).ConfigureAwait(false);
        var response = new WaitJobsResponse();
        foreach (var job in result.Done)
        {
            response.Done.Add(JobMapper.ToProto(job));
        }

        foreach (var job in result.Pending)
        {
            response.Pending.Add(JobMapper.ToProto(job));
        }

        return response;
    }

    public override async Task<CancelJobResponse> Cancel(CancelJobRequest request, ServerCallContext context)
    {
        var id = RequestMapper.RequireId(request.Id);
        var reason = string.IsNullOrEmpty(request.Reason) ? null : request.Reason;
        var result = await engine.CancelAsync(id, reason, context.CancellationToken).ConfigureAwait(false);
        return new CancelJobResponse { Job = JobMapper.ToProto(result.Job), Cancelled = result.Cancelled };
    }

    public override async Task StreamProgress(StreamProgressRequest request, IServerStreamWriter<JobEvent> responseStream, ServerCallContext context)
    {
        var id = RequestMapper.RequireId(request.Id);
        var from = request.FromSequence > long.MaxValue ? long.MaxValue : (long)request.FromSequence;
        await foreach (var jobEvent in engine.SubscribeAsync(id, from, context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(JobMapper.ToProto(jobEvent), context.CancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task<ListJobsResponse> List(ListJobsRequest request, ServerCallContext context)
    {
        var token = string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken;
        var page = await engine.ListAsync(RequestMapper.ToFilter(request), request.PageSize, token, context.CancellationToken).ConfigureAwait(false);
        var response = new ListJobsResponse { NextPageToken = page.NextPageToken ?? string.Empty };
        foreach (var job in page.Jobs)
        {
            response.Jobs.Add(JobMapper.ToProto(job));
        }

        return response;
    }

    public override Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        var response = new ListTasksResponse();
        foreach (var task in engine.Tasks)
        {
            response.Tasks.Add(JobMapper.ToProto(task));
        }

        return Task.FromResult(response);
    }

    // Limited to the caller's tenant as the dashboard is (Dashboard/DashboardAccess).
    public override Task<GetStatsResponse> GetStats(GetStatsRequest request, ServerCallContext context) =>
        Task.FromResult(StatsMapper.ToProto(stats.Capture(Dashboard.DashboardAccess.Scope(context.GetHttpContext()))));
}
