using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Internal;

/// <summary>The unary taskrpc.v1.TaskService methods the client calls, through the generated client.</summary>
internal static class ServiceMethods
{
    public static readonly RpcMethod<SubmitRequest, Job> Submit = new("Submit", static (client, request, options) => client.SubmitAsync(request, options));

    public static readonly RpcMethod<GetJobRequest, Job> Get = new("Get", static (client, request, options) => client.GetAsync(request, options));

    public static readonly RpcMethod<AwaitJobRequest, Job> Await = new("Await", static (client, request, options) => client.AwaitAsync(request, options));

    public static readonly RpcMethod<WaitJobsRequest, WaitJobsResponse> Wait = new("Wait", static (client, request, options) => client.WaitAsync(request, options));

    public static readonly RpcMethod<CancelJobRequest, CancelJobResponse> Cancel = new("Cancel", static (client, request, options) => client.CancelAsync(request, options));

    public static readonly RpcMethod<ListJobsRequest, ListJobsResponse> List = new("List", static (client, request, options) => client.ListAsync(request, options));

    public static readonly RpcMethod<ListTasksRequest, ListTasksResponse> ListTasks = new("ListTasks", static (client, request, options) => client.ListTasksAsync(request, options));

    public static readonly RpcMethod<GetStatsRequest, GetStatsResponse> GetStats = new("GetStats", static (client, request, options) => client.GetStatsAsync(request, options));
}
