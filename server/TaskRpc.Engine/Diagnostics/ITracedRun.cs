namespace TaskRpc.Engine.Diagnostics;

/// <summary>
/// A process-pool run as <see cref="JobTracing"/> sees it: the attempt it runs and the W3C trace
/// context it carries from the server's attempt span to the worker's handler span. The worker
/// protocol's run message is one, so diagnostics need not know the protocol above them.
/// </summary>
internal interface ITracedRun
{
    string JobId { get; }

    /// <summary>The attempt span as a W3C traceparent; empty when the attempt is not traced.</summary>
    string TraceParent { get; set; }

    /// <summary>The attempt span's W3C tracestate; empty when none.</summary>
    string TraceState { get; set; }
}
