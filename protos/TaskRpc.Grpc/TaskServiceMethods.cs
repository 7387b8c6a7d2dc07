using Google.Protobuf.Reflection;
using TaskRpc.Grpc;

namespace TaskRpc.Contracts.V1;

/// <summary>
/// The methods of taskrpc.v1.TaskService for calls on a <see cref="GrpcChannel"/>, built from the
/// generated descriptor: our stand-in for the stubs of the C# codegen plugin, which needs
/// Grpc.Core.Api.
/// </summary>
public static class TaskServiceMethods
{
    private static readonly ServiceDescriptor Service = TaskServiceReflection.Descriptor.Services[0];

    /// <summary>Submit.</summary>
    public static readonly Method<SubmitRequest, Job> Submit = new(Service.FindMethodByName("Submit"));

    /// <summary>Get.</summary>
    public static readonly Method<GetJobRequest, Job> Get = new(Service.FindMethodByName("Get"));

    /// <summary>Await.</summary>
    public static readonly Method<AwaitJobRequest, Job> Await = new(Service.FindMethodByName("Await"));

    /// <summary>Wait.</summary>
    public static readonly Method<WaitJobsRequest, WaitJobsResponse> Wait = new(Service.FindMethodByName("Wait"));

    /// <summary>Cancel.</summary>
    public static readonly Method<CancelJobRequest, CancelJobResponse> Cancel = new(Service.FindMethodByName("Cancel"));

    /// <summary>StreamProgress.</summary>
    public static readonly Method<StreamProgressRequest, JobEvent> StreamProgress = new(Service.FindMethodByName("StreamProgress"));

    /// <summary>List.</summary>
    public static readonly Method<ListJobsRequest, ListJobsResponse> List = new(Service.FindMethodByName("List"));

    /// <summary>ListTasks.</summary>
    public static readonly Method<ListTasksRequest, ListTasksResponse> ListTasks = new(Service.FindMethodByName("ListTasks"));
}
