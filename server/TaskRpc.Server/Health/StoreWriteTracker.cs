using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;

namespace TaskRpc.Server.Health;

/// <summary>
/// The outcome of the job store's latest write: the failure while writes fail with
/// <see cref="StoreFullException"/> or <see cref="StoreUnavailableException"/>, null again after a
/// write succeeds (the engine writes on its own too: transitions, lease renewals, retention sweeps).
/// </summary>
internal sealed class StoreWriteTracker(EngineMetrics metrics)
{
    private volatile TaskRpcException? _lastFailure;

    public TaskRpcException? LastFailure => _lastFailure;

    /// <summary>Call before a write: its start, for the write-duration histogram (0 when nobody listens).</summary>
    public long Starting() => metrics.StoreWriteStarting();

    public void Succeeded(string operation, long started)
    {
        metrics.StoreWritten(operation, started);
        if (_lastFailure is not null)
        {
            _lastFailure = null;
        }
    }

    public void Failed(string operation, long started, Exception error)
    {
        metrics.StoreWritten(operation, started);
        if (error is StoreFullException or StoreUnavailableException)
        {
            _lastFailure = (TaskRpcException)error;
        }
    }
}
