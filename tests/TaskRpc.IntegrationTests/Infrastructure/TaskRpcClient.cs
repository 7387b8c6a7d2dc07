using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using TaskRpc.Contracts.V1;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>
/// A wrapper over the generated taskrpc.v1.TaskService (and health) clients on one channel, so
/// tests stay short. Every call carries a deadline so a broken server fails a test instead of hanging it.
/// </summary>
internal sealed class TaskRpcClient(GrpcChannel channel)
{
    /// <summary>The deadline of every call made through this client.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public GrpcChannel Channel { get; } = channel;

    /// <summary>The generated client, for calls with options of their own.</summary>
    public TaskService.TaskServiceClient Service { get; } = new(channel);

    public Health.HealthClient Health { get; } = new(channel);

    public static CallOptions Options(CancellationToken cancellationToken = default) =>
        new(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);

    public Task<Job> SubmitAsync(SubmitRequest request) => Service.SubmitAsync(request, Options()).ResponseAsync;

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

    public Task<Job> GetAsync(string id) => Service.GetAsync(new GetJobRequest { Id = id }, Options()).ResponseAsync;

    public Task<Job> AwaitAsync(string id, TimeSpan? timeout = null) => Service.AwaitAsync(
        new AwaitJobRequest { Id = id, Timeout = timeout is { } t ? Durations.Ms(t.TotalMilliseconds) : null },
        Options()).ResponseAsync;

    public Task<WaitJobsResponse> WaitAsync(IEnumerable<string> ids, ReturnWhen returnWhen, TimeSpan? timeout = null)
    {
        var request = new WaitJobsRequest { ReturnWhen = returnWhen, Timeout = timeout is { } t ? Durations.Ms(t.TotalMilliseconds) : null };
        request.Ids.Add(ids);
        // The deadline outlasts the wait's own timeout, so a slow answer is told from a hang.
        var deadline = DateTime.UtcNow + CallTimeout + (timeout ?? TimeSpan.Zero);
        return Service.WaitAsync(request, new CallOptions(deadline: deadline)).ResponseAsync;
    }

    public Task<CancelJobResponse> CancelAsync(string id, string reason = "") =>
        Service.CancelAsync(new CancelJobRequest { Id = id, Reason = reason }, Options()).ResponseAsync;

    /// <summary>Cancels jobs a test left running; ignores jobs that have ended.</summary>
    public async Task CancelAllAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            await CancelAsync(id, "test cleanup");
        }
    }

    public Task<ListJobsResponse> ListAsync(ListJobsRequest request) => Service.ListAsync(request, Options()).ResponseAsync;

    public Task<ListTasksResponse> ListTasksAsync() => Service.ListTasksAsync(new ListTasksRequest(), Options()).ResponseAsync;

    public Task<HealthCheckResponse> CheckHealthAsync(string service) =>
        Health.CheckAsync(new HealthCheckRequest { Service = service }, Options()).ResponseAsync;

    /// <summary>Starts StreamProgress; dispose the call to drop it.</summary>
    public AsyncServerStreamingCall<JobEvent> StreamProgress(string id, ulong fromSequence = 0, CancellationToken cancellationToken = default) =>
        Service.StreamProgress(new StreamProgressRequest { Id = id, FromSequence = fromSequence }, Options(cancellationToken));

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
}
