using Microsoft.Extensions.Logging;

namespace TaskRpc.Grpc.Server.Internal;

/// <summary>Log messages of the server layer.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Error when executing {Method}.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "Rejected {Method}: {Status}.")]
    public static partial void CallRejected(ILogger logger, string method, Status status);

    [LoggerMessage(3, LogLevel.Debug, "Call {Method} ended: {Status}.")]
    public static partial void CallFailed(ILogger logger, string method, Status status);
}
