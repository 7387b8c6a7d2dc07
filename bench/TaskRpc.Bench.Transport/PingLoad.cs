using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;

namespace TaskRpc.Bench.Transport;

/// <summary>
/// A Grpc.Net.Client closed loop on taskrpc.bench.Echo/Ping: for each concurrency, that many
/// callers call back to back over one channel; after the warm-up, the calls, calls/s, and this
/// process's CPU time and bytes allocated per call over the measured span are printed as one
/// JSON line (the client's cost of a call, apart from any server work).
/// </summary>
internal static class PingLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        var target = options.GetValueOrDefault("target", "http://127.0.0.1:50061");
        var warmup = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("warmup", "2"), CultureInfo.InvariantCulture));
        var duration = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("duration", "10"), CultureInfo.InvariantCulture));
        using var channel = GrpcChannel.ForAddress(target);
        var client = new Echo.EchoClient(channel);
        foreach (var level in options.GetValueOrDefault("concurrency", "1,16,64").Split(','))
        {
            var concurrency = int.Parse(level, CultureInfo.InvariantCulture);
            await RunLevelAsync(client, concurrency, warmup).ConfigureAwait(false);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var calls = await RunLevelAsync(client, concurrency, duration).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds;
            var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"mode\":\"ping-load\",\"concurrency\":{concurrency},\"calls\":{calls},\"per_second\":{calls / seconds:F1},\"client_cpu_us_per_call\":{cpuUs / calls:F1},\"client_bytes_per_call\":{bytes / calls}}}"));
        }

        return 0;
    }

    private static async Task<long> RunLevelAsync(Echo.EchoClient client, int concurrency, TimeSpan span)
    {
        var request = new PingRequest { Message = "ping", Seq = 1 };
        var until = Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long calls = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                using var call = client.PingAsync(request);
                await call.ResponseAsync.ConfigureAwait(false);
                calls++;
            }

            return calls;
        }));
        return (await Task.WhenAll(callers).ConfigureAwait(false)).Sum();
    }
}
