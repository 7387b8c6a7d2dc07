using Microsoft.Extensions.Logging;

namespace TaskRpc.Server.Services;

/// <summary>The server edge's log messages.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unexpected error in {Method}; the client gets UNKNOWN.")]
    public static partial void UnexpectedError(ILogger logger, string method, Exception exception);
}
