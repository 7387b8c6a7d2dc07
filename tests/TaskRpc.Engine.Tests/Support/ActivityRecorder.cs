using System.Diagnostics;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>
/// An ActivityListener on the engine's source and the tests' own: records every activity they
/// stop in this process (all tests' engines: filter by trace id), and waits on each arrival.
/// </summary>
internal sealed class ActivityRecorder : IDisposable
{
    /// <summary>The source of the tests' caller spans.</summary>
    public static readonly ActivitySource Caller = new("TaskRpc.Engine.Tests.Caller");

    private readonly List<Activity> _stopped = [];
    private readonly Lock _gate = new();
    private readonly ActivityListener _listener;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActivityRecorder()
    {
        var caller = Caller.Name; // Creates Caller before the listener is added, so it is listened to.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "TaskRpc.Engine" || source.Name == caller,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Waits until the stopped activities of <paramref name="traceId"/> satisfy <paramref name="complete"/>.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForTraceAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> complete)
    {
        using var timeout = new CancellationTokenSource(TestWait.Timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var trace = _stopped.Where(a => a.TraceId == traceId).ToList();
                if (complete(trace))
                {
                    return trace;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Activity activity)
    {
        lock (_gate)
        {
            _stopped.Add(activity);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
