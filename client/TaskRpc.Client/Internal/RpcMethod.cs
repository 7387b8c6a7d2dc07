using Grpc.Core;
using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Client.Internal;

/// <summary>A unary method of the generated <see cref="TaskServiceClient"/>: its name (for messages) and how to start a call.</summary>
internal sealed class RpcMethod<TRequest, TResponse>(
    string name, Func<TaskServiceClient, TRequest, CallOptions, AsyncUnaryCall<TResponse>> start)
{
    /// <summary>The method's name, e.g. <c>Submit</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Starts a call of the method on <paramref name="client"/>.</summary>
    public AsyncUnaryCall<TResponse> Start(TaskServiceClient client, TRequest request, CallOptions options) => start(client, request, options);
}
