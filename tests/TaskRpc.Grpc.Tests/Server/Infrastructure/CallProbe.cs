using Grpc.Testing;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>
/// A unary handler that tells when it started and when its call's CancellationToken fired, and
/// then waits for that token: the test observes the server's own cancellation and deadline.
/// </summary>
public sealed class CallProbe
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the handler has been invoked.</summary>
    public Task Started => _started.Task;

    /// <summary>Completes when the handler's CancellationToken fired.</summary>
    public Task Cancelled => _cancelled.Task;

    /// <summary>Binds the probe as UnaryCall.</summary>
    public void Bind(ServiceBinder binder) => binder.Unary<SimpleRequest, SimpleResponse>("UnaryCall", HandleAsync);

    private async ValueTask<SimpleResponse> HandleAsync(SimpleRequest request, ServerCallContext context)
    {
        await using var registration = context.CancellationToken.Register(() => _cancelled.TrySetResult());
        _started.TrySetResult();
        await _cancelled.Task;
        context.CancellationToken.ThrowIfCancellationRequested();
        return new SimpleResponse();
    }
}
