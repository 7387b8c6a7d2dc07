using Grpc.Core;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Server.Services;

/// <summary>
/// Engine exceptions as gRPC statuses, for <see cref="ErrorInterceptor"/>. Anything not listed
/// here is an unexpected error: the interceptor logs it and answers UNKNOWN with a generic message.
/// </summary>
internal static class StatusMapping
{
    /// <summary>The retry hint of a full queue or tenant quota (RESOURCE_EXHAUSTED), as <c>google.rpc.RetryInfo</c>.</summary>
    public static readonly TimeSpan QueueFullRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The status for an engine exception, as the exception to throw (RESOURCE_EXHAUSTED carries a RetryInfo); null for anything else.</summary>
    public static RpcException? ToRpcException(Exception exception) => FromException(exception) switch
    {
        null => null,
        { StatusCode: StatusCode.ResourceExhausted } exhausted => Security.GrpcErrorResponse.Exhausted(exhausted.Detail, QueueFullRetryDelay),
        { } status => new RpcException(status),
    };

    public static Status? FromException(Exception exception) => exception switch
    {
        TaskRpcException domain => new Status(ToStatusCode(domain.Kind), domain.Message),
        _ => null,
    };

    private static StatusCode ToStatusCode(TaskRpcErrorKind kind) => kind switch
    {
        TaskRpcErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        TaskRpcErrorKind.NotFound => StatusCode.NotFound,
        TaskRpcErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        TaskRpcErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };
}
