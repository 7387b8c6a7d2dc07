using Google.Protobuf.Reflection;
using TaskRpc.Contracts.V1;
using TaskRpc.Grpc;

namespace TaskRpc.Client.Internal;

/// <summary>The methods of taskrpc.v1.TaskService, built from the generated descriptor.</summary>
internal static class TaskServiceMethods
{
    private static readonly ServiceDescriptor Service = TaskServiceReflection.Descriptor.Services[0];

    public static readonly Method<SubmitRequest, Job> Submit = new(Service.FindMethodByName("Submit"));
    public static readonly Method<GetJobRequest, Job> Get = new(Service.FindMethodByName("Get"));
    public static readonly Method<AwaitJobRequest, Job> Await = new(Service.FindMethodByName("Await"));
    public static readonly Method<WaitJobsRequest, WaitJobsResponse> Wait = new(Service.FindMethodByName("Wait"));
    public static readonly Method<CancelJobRequest, CancelJobResponse> Cancel = new(Service.FindMethodByName("Cancel"));
    public static readonly Method<StreamProgressRequest, JobEvent> StreamProgress = new(Service.FindMethodByName("StreamProgress"));
    public static readonly Method<ListJobsRequest, ListJobsResponse> List = new(Service.FindMethodByName("List"));
    public static readonly Method<ListTasksRequest, ListTasksResponse> ListTasks = new(Service.FindMethodByName("ListTasks"));
}
