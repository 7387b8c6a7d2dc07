using TaskRpc.Engine.Errors;

namespace TaskRpc.Server.Health;

/// <summary>
/// The outcome of the job store's latest write: the failure while writes fail with
/// <see cref="StoreFullException"/> or <see cref="StoreUnavailableException"/>, null again after a
/// write succeeds (the engine writes on its own too: transitions, lease renewals, retention sweeps).
/// </summary>
internal sealed class StoreWriteTracker
{
    private volatile TaskRpcException? _lastFailure;

    public TaskRpcException? LastFailure => _lastFailure;

    public void Succeeded()
    {
        if (_lastFailure is not null)
        {
            _lastFailure = null;
        }
    }

    public void Failed(Exception error)
    {
        if (error is StoreFullException or StoreUnavailableException)
        {
            _lastFailure = (TaskRpcException)error;
        }
    }
}
