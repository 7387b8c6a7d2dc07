namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>A one-shot barrier a test opens; <see cref="Entered"/> completes when a job reaches it.</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first job reaches the gate.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Lets every job waiting at the gate (and any later one) through.</summary>
    public void Open() => _opened.TrySetResult();

    /// <summary>Signals arrival, then waits until the gate opens or the job is cancelled.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _opened.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
