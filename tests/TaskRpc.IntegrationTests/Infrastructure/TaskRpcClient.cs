using Grpc.Health.V1;
using TaskRpc.Contracts.V1;
using TaskRpc.Grpc;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>
/// A typed wrapper over taskrpc.v1.TaskService (and health) on one channel, so tests stay short.
/// Every call carries a deadline so a broken server fails a test instead of hanging it.
/// </summary>
internal sealed class TaskRpcClient(GrpcChannel channel)
{
    /// <summary>The deadline of every call made through this client.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public GrpcChannel Channel { get; } = channel;

    public static CallOptions Options(CancellationToken cancellationToken = default) =>
        new(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);

    public Task<Job> SubmitAsync(SubmitRequest request) => Unary(TaskServiceMethods.Submit, request);

    /// <summary>Submits <paramref name="task"/> with JSON args; <paramref name="configure"/> sets the other fields.</summary>
    public Task<Job> SubmitAsync(string task, string? argsJson = null, Action<SubmitRequest>? configure = null)
    {
        var request = new SubmitRequest { Task = task };
        if (argsJson is not null)
        {
            request.Args = JsonPayload.From(argsJson);
        }

        configure?.Invoke(request);
        return SubmitAsync(request);
    }

    /// <summary>Submits with wait: returns the job once it has ended.</summary>
    public Task<Job> RunAsync(string task, string? argsJson = null, Action<SubmitRequest>? configure = null) =>
        SubmitAsync(task, argsJson, request =>
        {
            request.Wait = true;
            configure?.Invoke(request);
        });

    public Task<Job> GetAsync(string id) => Unary(TaskServiceMethods.Get, new GetJobRequest { Id = id });

    public Task<Job> AwaitAsync(string id, TimeSpan? timeout = null) => Unary(
        TaskServiceMethods.Await,
        new AwaitJobRequest { Id = id, Timeout = timeout is { } t ? Durations.Ms(t.TotalMilliseconds) : null });

    public Task<WaitJobsResponse> WaitAsync(IEnumerable<string> ids, ReturnWhen returnWhen, TimeSpan? timeout = null)
    {
        var request = new WaitJobsRequest { ReturnWhen = returnWhen, Timeout = timeout is { } t ? Durations.Ms(t.TotalMilliseconds) : null };
        request.Ids.Add(ids);
        return Unary(TaskServiceMethods.Wait, request);
    }

    public Task<CancelJobResponse> CancelAsync(string id, string reason = "") =>
        Unary(TaskServiceMethods.Cancel, new CancelJobRequest { Id = id, Reason = reason });

    /// <summary>Cancels jobs a test left running; ignores jobs that have ended.</summary>
    public async Task CancelAllAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            await CancelAsync(id, "test cleanup");
        }
    }

    public Task<ListJobsResponse> ListAsync(ListJobsRequest request) => Unary(TaskServiceMethods.List, request);

    public Task<ListTasksResponse> ListTasksAsync() => Unary(TaskServiceMethods.ListTasks, new ListTasksRequest());

    public Task<HealthCheckResponse> CheckHealthAsync(string service) =>
        Unary(StandardMethods.HealthCheck, new HealthCheckRequest { Service = service });

    /// <summary>Starts StreamProgress; dispose the call to drop it.</summary>
    public AsyncServerStreamingCall<JobEvent> StreamProgress(string id, ulong fromSequence = 0, CancellationToken cancellationToken = default) =>
        Channel.ServerStreamingCall(TaskServiceMethods.StreamProgress, new StreamProgressRequest { Id = id, FromSequence = fromSequence }, Options(cancellationToken));

    /// <summary>Reads a job's events from <paramref name="fromSequence"/>: all of them to the end of the stream, or the first <paramref name="count"/>, then drops the call.</summary>
    public async Task<List<JobEvent>> ReadEventsAsync(string id, ulong fromSequence = 0, int count = int.MaxValue)
    {
        using var call = StreamProgress(id, fromSequence);
        var events = new List<JobEvent>();
        while (events.Count < count && await call.ResponseStream.MoveNext())
        {
            events.Add(call.ResponseStream.Current);
        }

        return events;
    }

    /// <summary>Follows the job's events until it reaches <paramref name="state"/> (a real signal, not a poll).</summary>
    public Task WaitForStateAsync(string id, JobState state) =>
        WaitForEventAsync(id, e => e.StateChange?.State == state, $"state {state}");

    /// <summary>Follows the job's events (history, then live) until one matches <paramref name="match"/>.</summary>
    public async Task<JobEvent> WaitForEventAsync(string id, Func<JobEvent, bool> match, string what)
    {
        using var call = StreamProgress(id);
        while (await call.ResponseStream.MoveNext())
        {
            if (match(call.ResponseStream.Current))
            {
                return call.ResponseStream.Current;
            }
        }

        Assert.Fail($"Job {id} ended without an event with {what}.");
        return null!;
    }

    private Task<TResponse> Unary<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>, new()
        where TResponse : class, Google.Protobuf.IMessage<TResponse>, new() =>
        Channel.UnaryCall(method, request, Options()).ResponseAsync;
}
