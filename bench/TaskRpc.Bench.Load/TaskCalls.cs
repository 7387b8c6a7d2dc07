using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;
using TaskRpc.Grpc;

namespace TaskRpc.Bench.Load;

/// <summary>The taskrpc.v1.TaskService methods the benchmarks call, and request builders.</summary>
internal static class TaskCalls
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = TaskServiceReflection.Descriptor.Services[0];

    public static Method<SubmitRequest, Job> Submit { get; } = new(Service.FindMethodByName("Submit"));

    public static Method<GetJobRequest, Job> Get { get; } = new(Service.FindMethodByName("Get"));

    public static Method<AwaitJobRequest, Job> Await { get; } = new(Service.FindMethodByName("Await"));

    public static Method<CancelJobRequest, CancelJobResponse> Cancel { get; } = new(Service.FindMethodByName("Cancel"));

    public static Method<StreamProgressRequest, JobEvent> StreamProgress { get; } = new(Service.FindMethodByName("StreamProgress"));

    /// <summary>A request for <paramref name="task"/> with JSON args parsed from <paramref name="argsJson"/>.</summary>
    public static SubmitRequest Request(string task, string argsJson, bool wait) => new()
    {
        Task = task,
        Args = new Payload { Json = Value.Parser.ParseJson(argsJson) },
        Wait = wait,
    };

    /// <summary>Submits and returns the job (waiting for it to end when the request says so).</summary>
    public static async Task<Job> SubmitAsync(GrpcChannel channel, SubmitRequest request, CancellationToken cancellationToken = default)
    {
        using var call = channel.UnaryCall(Submit, request, new CallOptions(cancellationToken: cancellationToken));
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>Waits for the job to end.</summary>
    public static async Task<Job> AwaitAsync(GrpcChannel channel, string id)
    {
        using var call = channel.UnaryCall(Await, new AwaitJobRequest { Id = id });
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>The job as it is now.</summary>
    public static async Task<Job> GetAsync(GrpcChannel channel, string id)
    {
        using var call = channel.UnaryCall(Get, new GetJobRequest { Id = id });
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>Cancels the job.</summary>
    public static async Task<CancelJobResponse> CancelAsync(GrpcChannel channel, string id)
    {
        using var call = channel.UnaryCall(Cancel, new CancelJobRequest { Id = id, Reason = "bench" });
        return await call.ResponseAsync.ConfigureAwait(false);
    }
}
