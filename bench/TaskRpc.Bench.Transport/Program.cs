using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using TaskRpc.Bench.Transport;

// dotnet TaskRpc.Bench.Transport.dll --grpc-port 50061 --bare-port 50062
//
// Two WebApplications in one process (same runtime, thread pool and GC), each on its own
// loopback h2c port (Kestrel HTTP/2 only, same Kestrel limits, logging off):
//   grpc: taskrpc.bench.Echo/Ping on grpc-dotnet (Grpc.AspNetCore: AddGrpc + MapGrpcService,
//         plus server reflection for ghz and grpcurl).
//   bare: app.MapPost on the same path, same endpoint routing, no gRPC layer: it drains the
//         request body and writes the precomputed framed reply and a grpc-status 0 trailer.
// Both answer the request PingRequest{message="ping", seq=1} with identical bytes.
//
// dotnet TaskRpc.Bench.Transport.dll load --target http://127.0.0.1:50061 --concurrency 1,16,64 --duration 10
//   A Grpc.Net.Client closed loop on Ping (see PingLoad): calls/s and client CPU per call.
if (args.Length > 0 && args[0] == "load")
{
    return await PingLoad.RunAsync(args[1..]).ConfigureAwait(false);
}

var grpcPort = 50061;
var barePort = 50062;
for (var i = 0; i < args.Length; i++)
{
    var target = args[i] switch
    {
        "--grpc-port" => 0,
        "--bare-port" => 1,
        _ => -1,
    };
    if (target < 0 || i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
    {
        Console.Error.WriteLine("usage: TaskRpc.Bench.Transport [--grpc-port N] [--bare-port N]");
        return 2;
    }

    if (target == 0)
    {
        grpcPort = port;
    }
    else
    {
        barePort = port;
    }

    i++;
}

const string Path = "/taskrpc.bench.Echo/Ping";

// grpc-dotnet.
var grpcBuilder = WebApplication.CreateSlimBuilder();
grpcBuilder.Logging.ClearProviders();
grpcBuilder.WebHost.ConfigureKestrel(kestrel => ListenHttp2(kestrel, grpcPort));
grpcBuilder.Services.AddGrpc();
grpcBuilder.Services.AddGrpcReflection();
await using var grpcApp = grpcBuilder.Build();
grpcApp.MapGrpcService<EchoService>();
grpcApp.MapGrpcReflectionService();

// The bare endpoint: the reply the gRPC method gives for the benchmark's request, framed.
var reply = new PingReply { Message = "ping", Seq = 1 }.ToByteArray();
var framedReply = new byte[5 + reply.Length];
BinaryPrimitives.WriteUInt32BigEndian(framedReply.AsSpan(1), (uint)reply.Length);
reply.CopyTo(framedReply, 5);

var bareBuilder = WebApplication.CreateSlimBuilder();
bareBuilder.Logging.ClearProviders();
bareBuilder.WebHost.ConfigureKestrel(kestrel => ListenHttp2(kestrel, barePort));
bareBuilder.Services.AddRouting();
await using var bareApp = bareBuilder.Build();
bareApp.MapPost(Path, async (HttpContext context) =>
{
    var reader = context.Request.BodyReader;
    while (true)
    {
        var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        reader.AdvanceTo(result.Buffer.End);
        if (result.IsCompleted || result.IsCanceled)
        {
            break;
        }
    }

    var response = context.Response;
    response.ContentType = "application/grpc";
    response.BodyWriter.Write(framedReply);
    response.AppendTrailer("grpc-status", "0");
});

await grpcApp.StartAsync().ConfigureAwait(false);
await bareApp.StartAsync().ConfigureAwait(false);
Console.WriteLine($"READY grpc={grpcPort} bare={barePort}");

// Profiling aid, off by default: BENCH_ALLOC_REPORT=1 prints the bytes allocated so far and the
// GC counts every second (divide the delta by h2load's request count for bytes per call).
using var allocReport = Environment.GetEnvironmentVariable("BENCH_ALLOC_REPORT") == "1"
    ? new Timer(
        static _ => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ALLOC {GC.GetTotalAllocatedBytes(precise: true)} GC {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}")),
        null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))
    : null;

// Ctrl+C / SIGTERM: each host's console lifetime stops its application; stop both then.
var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var grpcStopping = grpcApp.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
using var bareStopping = bareApp.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
await stopping.Task.ConfigureAwait(false);

await bareApp.StopAsync().ConfigureAwait(false);
await grpcApp.StopAsync().ConfigureAwait(false);
return 0;

// Both endpoints: loopback, HTTP/2 only (h2c), up to 1000 streams per connection, no Server header.
static void ListenHttp2(KestrelServerOptions kestrel, int port)
{
    kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
}
