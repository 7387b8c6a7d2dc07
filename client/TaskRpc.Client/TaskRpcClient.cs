using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Client.Internal;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client;

/// <summary>
/// A client of a TaskRpc server: submits jobs and returns them as awaitable
/// <see cref="RemoteJob{TResult}"/> futures. Safe for concurrent use: share one instance (it
/// multiplexes calls over its HTTP/2 connections); dispose it to close them.
/// </summary>
public sealed class TaskRpcClient : IDisposable
{
    /// <summary>How long the server may hold one await or wait call before the client asks again.</summary>
    internal static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);

    /// <summary>Creates a client for <paramref name="address"/>, e.g. <c>http://127.0.0.1:50051</c>, with default options.</summary>
    /// <param name="address">An absolute http:// (h2c) or https:// (TLS) address.</param>
    /// <exception cref="UriFormatException">The address is not a URI.</exception>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI.</exception>
    public TaskRpcClient(string address)
        : this(new TaskRpcClientOptions { Address = new Uri(address, UriKind.Absolute) })
    {
    }

    /// <summary>Creates a client with <paramref name="options"/>.</summary>
    /// <param name="options">Address, metadata, TLS, timeouts and retries.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public TaskRpcClient(TaskRpcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Caller = new RpcCaller(options);
    }

    /// <summary>A client on <paramref name="grpcClient"/>, whose channel the gRPC client factory owns (see <see cref="TaskRpcClientServiceCollectionExtensions"/>).</summary>
    internal TaskRpcClient(TaskRpcClientOptions options, TaskService.TaskServiceClient grpcClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        Caller = new RpcCaller(options, grpcClient);
    }

    /// <summary>The server address.</summary>
    public Uri Address => Caller.Options.Address;

    internal RpcCaller Caller { get; }

    /// <summary>
    /// Submits a job of <paramref name="task"/> and returns it at once as a future; <c>await</c> it for the result.
    /// With <see cref="SubmitOptions.IdempotencyKey"/> set, the submission is retried when the server is UNAVAILABLE.
    /// </summary>
    /// <typeparam name="TResult">The result type (see <see cref="RemoteJob{TResult}"/>).</typeparam>
    /// <param name="task">The registered task's name, e.g. <c>demo.echo</c>.</param>
    /// <param name="args">
    /// The args: a protobuf message (sent as Any), <c>byte[]</c> (binary), <see cref="Payload"/>
    /// (as is), or any JSON-serializable value such as a record or anonymous object; default null (none).
    /// </param>
    /// <param name="options">Priority, idempotency key, delay, timeout, labels; default null (the defaults).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The queued job.</returns>
    /// <exception cref="TaskRpcTransportException">The call failed, e.g. NOT_FOUND for an unknown task, INVALID_ARGUMENT for bad args.</exception>
    public async Task<RemoteJob<TResult>> SubmitAsync<TResult>(
        string task, object? args = null, SubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = CreateSubmitRequest(task, args, options);
        var job = string.IsNullOrEmpty(request.IdempotencyKey)
            ? await Caller.CallAsync(ServiceMethods.Submit, request, TimeSpan.Zero, cancellationToken).ConfigureAwait(false)
            : await Caller.CallWithRetryAsync(ServiceMethods.Submit, request, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        return new RemoteJob<TResult>(this, job);
    }

    /// <summary>Finds an existing job by id, e.g. one submitted by another process.</summary>
    /// <typeparam name="TResult">The result type (see <see cref="RemoteJob{TResult}"/>).</typeparam>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The job, with its current state.</returns>
    /// <exception cref="TaskRpcTransportException">The call failed: NOT_FOUND for an unknown id.</exception>
    public async Task<RemoteJob<TResult>> GetJobAsync<TResult>(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var job = await Caller.CallWithRetryAsync(ServiceMethods.Get, new GetJobRequest { Id = jobId }, TimeSpan.Zero, cancellationToken)
            .ConfigureAwait(false);
        return new RemoteJob<TResult>(this, job);
    }

    /// <summary>Lists jobs, newest first, fetching pages as the enumeration goes.</summary>
    /// <param name="state">Only jobs in this state; default <see cref="JobState.Unspecified"/> (any).</param>
    /// <param name="task">Only jobs of this task; default null (any).</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <returns>The jobs.</returns>
    /// <exception cref="TaskRpcTransportException">A call failed.</exception>
    public async IAsyncEnumerable<Job> ListJobsAsync(
        JobState state = JobState.Unspecified, string? task = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListJobsRequest { State = state, Task = task ?? string.Empty, PageSize = 500 };
        do
        {
            var page = await Caller.CallWithRetryAsync(ServiceMethods.List, request, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            foreach (var job in page.Jobs)
            {
                yield return job;
            }

            request.PageToken = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(request.PageToken));
    }

    /// <summary>The tasks the server runs, with their executors and argument descriptions.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The tasks.</returns>
    /// <exception cref="TaskRpcTransportException">The call failed.</exception>
    public async Task<IReadOnlyList<TaskInfo>> ListTasksAsync(CancellationToken cancellationToken = default)
    {
        var response = await Caller.CallWithRetryAsync(ServiceMethods.ListTasks, new ListTasksRequest(), TimeSpan.Zero, cancellationToken)
            .ConfigureAwait(false);
        return response.Tasks;
    }

    /// <summary>
    /// The server's load now: cumulative job counters (a rate is the difference of two answers over
    /// their times), queued and running jobs per executor and per task, and process-pool workers.
    /// </summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The figures.</returns>
    /// <exception cref="TaskRpcTransportException">The call failed.</exception>
    public Task<GetStatsResponse> GetStatsAsync(CancellationToken cancellationToken = default) =>
        Caller.CallWithRetryAsync(ServiceMethods.GetStats, new GetStatsRequest(), TimeSpan.Zero, cancellationToken);

    /// <summary>Closes the client's connections (unless the gRPC client factory made them); calls in progress fail.</summary>
    public void Dispose() => Caller.Dispose();

    /// <summary>Submits and waits in one call (a long poll), then keeps awaiting if the job has not ended.</summary>
    internal async Task<TResult> RunAsync<TResult>(string task, object? args, CancellationToken cancellationToken)
    {
        var request = CreateSubmitRequest(task, args, null);
        request.Wait = true;
        request.WaitTimeout = Duration.FromTimeSpan(LongPoll);
        var job = await Caller.CallAsync(ServiceMethods.Submit, request, LongPoll, cancellationToken).ConfigureAwait(false);
        return await new RemoteJob<TResult>(this, job).GetResultAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SubmitRequest CreateSubmitRequest(string task, object? args, SubmitOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(task);
        var request = new SubmitRequest { Task = task, Args = PayloadCodec.Encode(args) };
        if (options is null)
        {
            return request;
        }

        request.Priority = options.Priority;
        request.IdempotencyKey = options.IdempotencyKey ?? string.Empty;
        request.Delay = options.Delay is { } delay ? Duration.FromTimeSpan(delay) : null;
        request.ExecutionTimeout = options.ExecutionTimeout is { } timeout ? Duration.FromTimeSpan(timeout) : null;
        request.Labels.Add(options.Labels);
        return request;
    }
}
