using System.Diagnostics;
using Grpc.Core;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Server.Telemetry;

/// <summary>
/// The caller's W3C trace context at the service edge, stored with the job it submits
/// (<see cref="JobSubmission.TraceContext"/>) so its spans join the caller's trace on any node.
/// </summary>
internal static class CallerTraceContext
{
    /// <summary><paramref name="submission"/> with the caller's context; the same instance when there is none.</summary>
    public static JobSubmission Attach(JobSubmission submission, ServerCallContext context)
    {
        var trace = Of(context);
        return trace is null ? submission : submission with { TraceContext = trace };
    }

    /// <summary>
    /// The request's span when it is recorded (its spans are exported, so the job's hang under it);
    /// else the caller's own context, from ASP.NET Core's unrecorded request activity or the
    /// <c>traceparent</c> header; null when the caller sent none.
    /// </summary>
    private static string? Of(ServerCallContext context)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            if (current.Recorded)
            {
                return TraceContextText.Of(current);
            }

            return current.ParentId is { } parent ? TraceContextText.Of(parent, current.TraceStateString) : null;
        }

        var headers = context.GetHttpContext().Request.Headers;
        if (headers.TryGetValue("traceparent", out var traceParent) && traceParent.Count == 1 && traceParent[0] is { } value
            && ActivityContext.TryParse(value, null, out _))
        {
            return TraceContextText.Of(value, headers.TryGetValue("tracestate", out var state) ? state.ToString() : null);
        }

        return null;
    }
}
