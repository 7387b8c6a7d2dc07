using Grpc.Core;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Server.Services;

/// <summary>
/// Engine exceptions as gRPC statuses, for <see cref="ErrorInterceptor"/>. Anything not listed
/// here is an unexpected error: the interceptor logs it and answers UNKNOWN with a generic message.
/// </summary>
internal static class StatusMapping
{
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
