using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using TaskRpc.Contracts.V1;
using TaskRpc.Engine;
using JobStateExtensions = TaskRpc.Engine.Jobs.JobStateExtensions;
using TaskRpc.Grpc;
using TaskRpc.Server.Mapping;

namespace TaskRpc.Server.Services;

/// <summary>
/// taskrpc.v1.TaskService: the service edge. It maps requests to the engine's domain types and
/// back; engine exceptions become statuses in <see cref="StatusMapping"/>.
/// </summary>
internal sealed class TaskService(IJobEngine engine) : IGrpcService
{
    public ServiceDescriptor Descriptor => TaskServiceReflection.Descriptor.Services[0];

    public void Bind(ServiceBinder binder) => binder
        .Unary<SubmitRequest, Job>("Submit", SubmitAsync)
        .Unary<GetJobRequest, Job>("Get", GetAsync)
        .Unary<AwaitJobRequest, Job>("Await", AwaitAsync)
        .Unary<WaitJobsRequest, WaitJobsResponse>("Wait", WaitAsync)
        .Unary<CancelJobRequest, CancelJobResponse>("Cancel", CancelAsync)
        .ServerStreaming<StreamProgressRequest, JobEvent>("StreamProgress", StreamProgressAsync)
        .Unary<ListJobsRequest, ListJobsResponse>("List", ListAsync)
        .Unary<ListTasksRequest, ListTasksResponse>("ListTasks", ListTasks);

    private async ValueTask<Job> SubmitAsync(SubmitRequest request, ServerCallContext context)
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

    private async ValueTask<Job> GetAsync(GetJobRequest request, ServerCallContext context) =>
        JobMapper.ToProto(await engine.GetAsync(RequestMapper.RequireId(request.Id), context.CancellationToken).ConfigureAwait(false));

    private async ValueTask<Job> AwaitAsync(AwaitJobRequest request, ServerCallContext context)
    {
        var id = RequestMapper.RequireId(request.Id);
        var timeout = TimeMapper.ToTimeSpan(request.Timeout, "timeout");
        return JobMapper.ToProto(await engine.AwaitAsync(id, timeout, context.CancellationToken).ConfigureAwait(false));
    }

    private async ValueTask<WaitJobsResponse> WaitAsync(WaitJobsRequest request, ServerCallContext context)
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

    private async ValueTask<CancelJobResponse> CancelAsync(CancelJobRequest request, ServerCallContext context)
    {
        var id = RequestMapper.RequireId(request.Id);
        var reason = string.IsNullOrEmpty(request.Reason) ? null : request.Reason;
        var result = await engine.CancelAsync(id, reason, context.CancellationToken).ConfigureAwait(false);
        return new CancelJobResponse { Job = JobMapper.ToProto(result.Job), Cancelled = result.Cancelled };
    }

    private async Task StreamProgressAsync(StreamProgressRequest request, IAsyncStreamWriter<JobEvent> responses, ServerCallContext context)
    {
        var id = RequestMapper.RequireId(request.Id);
        var from = request.FromSequence > long.MaxValue ? long.MaxValue : (long)request.FromSequence;
        await foreach (var jobEvent in engine.SubscribeAsync(id, from, context.CancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(JobMapper.ToProto(jobEvent), context.CancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<ListJobsResponse> ListAsync(ListJobsRequest request, ServerCallContext context)
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

    private ValueTask<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        var response = new ListTasksResponse();
        foreach (var task in engine.Tasks)
        {
            response.Tasks.Add(JobMapper.ToProto(task));
        }

        return ValueTask.FromResult(response);
    }
}
