using System.Net;
using Microsoft.Extensions.Logging;

namespace TaskRpc.Server.Security;

/// <summary>The security log messages.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "Listening on {Address} without authentication (--allow-insecure): anyone who reaches the port can submit, read and cancel every job.")]
    public static partial void InsecureListen(ILogger logger, IPAddress address);
}
