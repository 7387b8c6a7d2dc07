using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaskRpc.Server.Services;

/// <summary>
/// The one place where an exception from a gRPC method becomes its status: engine exceptions
/// through <see cref="StatusMapping"/>; a call cancelled by its client or deadline as CANCELLED or
/// DEADLINE_EXCEEDED; anything else is logged and answered UNKNOWN with a generic message (plus the
/// exception's type and message only when <see cref="TaskRpcServerOptions.DetailedErrors"/> is on).
/// <see cref="TaskService"/> calls it from its own methods, <see cref="ErrorInterceptor"/> for every
/// other service the host maps.
/// </summary>
internal sealed class CallErrors(IOptions<TaskRpcServerOptions> options, ILogger<CallErrors> logger)
{
    private const string GenericMessage = "Exception was thrown by handler.";
    private readonly bool _detailedErrors = options.Value.DetailedErrors;

    /// <summary>The status for <paramref name="exception"/>, thrown by the method of <paramref name="context"/>.</summary>
    public RpcException ToRpcException(Exception exception, ServerCallContext context)
    {
        if (StatusMapping.FromException(exception) is { } mapped)
        {
            return new RpcException(mapped);
        }

        if (exception is OperationCanceledException or IOException && context.CancellationToken.IsCancellationRequested)
        {
            return new RpcException(context.Deadline <= DateTime.UtcNow
                ? new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.")
                : new Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        ServerLog.UnexpectedError(logger, context.Method, exception);
        return new RpcException(new Status(
            StatusCode.Unknown,
            _detailedErrors ? $"{GenericMessage} {exception.GetType().Name}: {exception.Message}" : GenericMessage));
    }
}
