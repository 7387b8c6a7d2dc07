using System.Collections.Concurrent;
using System.Diagnostics;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>
/// A bounded fuzz of the server's edge, against the real server process: malformed gRPC framing,
/// corrupt, random and deeply nested protobuf for every method, oversized messages and compression
/// bombs (<see cref="GrpcCaseGenerator"/>), and HTTP/2 abuse over raw connections
/// (<see cref="Http2Scenarios"/>), with never-ending request bodies and never-read responses running
/// alongside. Every call must end (a gRPC status or a reset) before a generous guard; after each
/// batch an ordinary Submit with wait must answer correctly; at the end the server's memory,
/// threads and open files must be near what they were after the warm-up batch, and no well-framed
/// TaskService call may end UNKNOWN (a body protobuf cannot parse is INVALID_ARGUMENT).
/// Size and seed: <see cref="FuzzSettings"/>.
/// It runs alone (two minutes of both cores), so its load cannot slow other tests past their guards.
/// </summary>
[Collection(SerialTests.Name)]
public sealed class EdgeFuzzTests(ITestOutputHelper output)
{
    private const int Batches = 10;
    private const int SlowStreamsPerBatch = 5;
    private const string IdleTimeout = "00:00:15";
    private const string Unknown = "grpc-status 2";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Fuzz_MalformedCallsAndHttp2Abuse_EveryCallEndsServerAnswersAndStaysBounded()
    {
        var settings = FuzzSettings.FromEnvironment();
        output.WriteLine($"Fuzz seed {settings.Seed} (TASKRPC_FUZZ_SEED), {settings.Cases} cases (TASKRPC_FUZZ_CASES).");
        // A short idle timeout: a connection that never completes its preface is closed only by it (Kestrel).
        await using var server = await ServerProcess.StartAsync("--store", "memory", $"--Server:IdleConnectionTimeout={IdleTimeout}");
        var generator = new GrpcCaseGenerator(new Random(settings.Seed));
        var scenarios = new Http2Scenarios(new Random(settings.Seed + 1), server.Port);
        var echoArgs = new RandomRequests(new Random(settings.Seed + 2));
        var rawPerBatch = Http2Scenarios.Kinds.Length + SlowStreamsPerBatch + 2;
        var grpcPerBatch = (settings.Cases / Batches) - rawPerBatch;
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var hangs = new ConcurrentQueue<string>();
        var unknowns = new ConcurrentQueue<string>();
        var background = new List<Task<string>>();
        var clock = Stopwatch.StartNew();
        ProcessFootprint? baseline = null;
        var cases = 0;

        using (var client = new GrpcFuzzClient(server.Port))
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                // Calls that must be cut off by the server (a body that never ends, a window never opened) run alongside the batch.
                var slow = new Http2Scenarios(new Random(HashCode.Combine(settings.Seed, batch)), server.Port);
                background.Add(slow.SlowBodyAsync(SlowStreamsPerBatch));
                background.Add(slow.ZeroWindowAsync());
                background.Add(slow.UnfinishedPrefaceAsync());

                var grpcCases = Enumerable.Range(cases, grpcPerBatch).Select(generator.Next).ToList();
                await Parallel.ForEachAsync(grpcCases, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (fuzzCase, _) =>
                {
                    using var guard = new CancellationTokenSource(Guard);
                    try
                    {
                        var outcome = await client.SendAsync(fuzzCase, guard.Token);
                        outcomes.AddOrUpdate($"{fuzzCase.Kind[(fuzzCase.Kind.IndexOf('/') + 1)..]}: {outcome}", 1, (_, n) => n + 1);
                        if (outcome == Unknown && IsTaskServiceBodyCase(fuzzCase))
                        {
                            unknowns.Enqueue(fuzzCase.ToString());
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        hangs.Enqueue(fuzzCase.ToString());
                    }
                });

                foreach (var kind in Http2Scenarios.Kinds)
                {
                    try
                    {
                        var outcome = await scenarios.RunAsync(kind).WaitAsync(Guard);
                        outcomes.AddOrUpdate($"http2 {kind}: {outcome[(outcome.LastIndexOf("; then ", StringComparison.Ordinal) + 7)..]}", 1, (_, n) => n + 1);
                        if (batch == 0)
                        {
                            output.WriteLine($"http2 {kind}: {outcome}");
                        }
                    }
                    catch (TimeoutException)
                    {
                        hangs.Enqueue($"batch {batch}: HTTP/2 scenario {kind}");
                    }
                }

                cases += grpcPerBatch + rawPerBatch;
                Assert.Empty(hangs);
                Assert.False(server.HasExited, $"The server exited after batch {batch}:{Environment.NewLine}{server.Output}");
                await AssertEchoAnswersAsync(server, echoArgs);
                baseline ??= ProcessFootprint.Of(server.Pid); // After the warm-up batch.
                output.WriteLine($"batch {batch}: {cases} cases, {clock.Elapsed.TotalSeconds:F0} s, {ProcessFootprint.Of(server.Pid)}");
            }
        }

        foreach (var ended in await Task.WhenAll(background).WaitAsync(TimeSpan.FromSeconds(120)))
        {
            outcomes.AddOrUpdate($"cut off by the server: {ended}", 1, (_, n) => n + 1);
        }

        await AssertEchoAnswersAsync(server, echoArgs);
        Assert.NotNull(baseline);
        await ProcessTable.WaitUntilAsync(
            () => ProcessFootprint.Of(server.Pid).OpenFiles <= baseline.OpenFiles + 32,
            TimeSpan.FromSeconds(60),
            $"the server's open files are back near {baseline.OpenFiles} (now {ProcessFootprint.Of(server.Pid)})");
        var end = ProcessFootprint.Of(server.Pid);
        output.WriteLine($"{cases} cases and {scenarios.Streams} raw HTTP/2 streams in {clock.Elapsed.TotalSeconds:F0} s; after warm-up: {baseline}; at the end: {end}");
        var log = server.Output.Split('\n');
        var errors = log.Count(l => l.StartsWith("fail:", StringComparison.Ordinal));
        output.WriteLine($"Server log: {log.Length} lines, {errors} errors, {log.Count(l => l.StartsWith("warn:", StringComparison.Ordinal))} warnings.");
        foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,6}  {outcome}");
        }

        Assert.True(cases >= settings.Cases - Batches, $"{cases} cases ran.");
        Assert.True(end.RssKiB <= (baseline.RssKiB * 2) + (256 * 1024), $"Memory grew from {baseline} to {end}.");
        Assert.True(end.Threads <= baseline.Threads + 64, $"Threads grew from {baseline} to {end}.");
        Assert.DoesNotContain("Unhandled exception", server.Output, StringComparison.Ordinal);
        // A well-framed body TaskService cannot parse is INVALID_ARGUMENT, never UNKNOWN with an error entry and a stack
        // trace per request (a client could flood the log). Still UNKNOWN with an error entry, from grpc-dotnet itself:
        // framing it cannot read (bad compressed flag or data, a length over 2 GiB) and the health and reflection services.
        Assert.True(unknowns.IsEmpty, $"{unknowns.Count} TaskService calls answered UNKNOWN, e.g. {string.Join(Environment.NewLine, unknowns.Take(5))}");

    }

    private static bool IsTaskServiceBodyCase(GrpcFuzzCase fuzzCase) =>
        fuzzCase.Path.StartsWith("/taskrpc.v1.TaskService/", StringComparison.Ordinal)
        && (fuzzCase.Kind.EndsWith("/framed", StringComparison.Ordinal) || fuzzCase.Kind.EndsWith("/compressed", StringComparison.Ordinal));

    private static async Task AssertEchoAnswersAsync(ServerProcess server, RandomRequests random)
    {
        // A new connection each time: the fuzzed server closes idle ones after 15 s (GOAWAY), and a
        // call racing that close on a reused connection fails for a reason that is not the server's.
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{server.Port}"));
        var args = new Payload { Json = random.Json() };
        var job = await new TaskRpcClient(channel).RunAsync("demo.echo", null, r => r.Args = args);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(args, job.Result);
    }
}
