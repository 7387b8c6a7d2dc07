using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using TaskRpc.Contracts.V1;
using static TaskRpc.Contracts.V1.TaskService;

namespace TaskRpc.Bench.Load;

/// <summary>The taskrpc.v1.TaskService calls the benchmarks make (through the generated client), and request builders.</summary>
internal static class TaskCalls
{
    /// <summary>
    /// A channel to <paramref name="target"/> on a handler without the redirect, cookie, proxy and
    /// decompression handlers (a gRPC client needs none; the redirect handler alone costs ~140 B
    /// per call), as the TaskRpc client's.
    /// </summary>
    public static GrpcChannel CreateChannel(string target) => GrpcChannel.ForAddress(target, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        },
        DisposeHttpClient = true,
    });

    /// <summary>A request for <paramref name="task"/> with JSON args parsed from <paramref name="argsJson"/>.</summary>
    public static SubmitRequest Request(string task, string argsJson, bool wait) => new()
    {
        Task = task,
        Args = new Payload { Json = Value.Parser.ParseJson(argsJson) },
        Wait = wait,
    };

    /// <summary>Submits and returns the job (waiting for it to end when the request says so).</summary>
    public static async Task<Job> SubmitAsync(TaskServiceClient client, SubmitRequest request, CancellationToken cancellationToken = default)
    {
        using var call = client.SubmitAsync(request, new CallOptions(cancellationToken: cancellationToken));
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>Waits for the job to end.</summary>
    public static async Task<Job> AwaitAsync(TaskServiceClient client, string id)
    {
        using var call = client.AwaitAsync(new AwaitJobRequest { Id = id });
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>The job as it is now.</summary>
    public static async Task<Job> GetAsync(TaskServiceClient client, string id)
    {
        using var call = client.GetAsync(new GetJobRequest { Id = id });
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>Cancels the job.</summary>
    public static async Task<CancelJobResponse> CancelAsync(TaskServiceClient client, string id)
    {
        using var call = client.CancelAsync(new CancelJobRequest { Id = id, Reason = "bench" });
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>The server's counters and load now (GetStats: read from the node's memory, no store access).</summary>
    public static async Task<GetStatsResponse> GetStatsAsync(TaskServiceClient client)
    {
        using var call = client.GetStatsAsync(new GetStatsRequest());
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>Every job that carries <paramref name="labels"/>, page by page.</summary>
    public static async Task<List<Job>> ListAllAsync(TaskServiceClient client, IDictionary<string, string> labels)
    {
        var jobs = new List<Job>();
        var request = new ListJobsRequest { PageSize = 1000 };
        request.Labels.Add(labels);
        while (true)
        {
            using var call = client.ListAsync(request);
            var page = await call.ResponseAsync.ConfigureAwait(false);
            jobs.AddRange(page.Jobs);
            if (page.NextPageToken.Length == 0)
            {
                return jobs;
            }

            request.PageToken = page.NextPageToken;
        }
    }
}
