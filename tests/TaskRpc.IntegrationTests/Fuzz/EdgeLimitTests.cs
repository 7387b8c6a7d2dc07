using Google.Protobuf;
using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;
using TaskRpc.IntegrationTests.Transport;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>
/// The server's edge limits hold (README "Server limits"): concurrent connections, streams per
/// connection, request header size and count, and decompressed message size (compression bombs).
/// </summary>
public sealed class EdgeLimitTests
{
    private const string Get = RandomRequests.Service + "Get";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Connect_MoreThanMaxConcurrentConnections_ExtraConnectionClosedOthersServed()
    {
        await using var server = await TaskRpcTestServer.StartAsync("--Server:MaxConcurrentConnections=3");
        var port = server.Address.Port;
        var open = new List<Http2Connection>();
        try
        {
            // The test server's own client holds no connection yet; three raw ones fill the limit.
            for (var i = 0; i < 3; i++)
            {
                var connection = await Http2Connection.OpenAsync(port);
                open.Add(connection);
                Assert.Equal(StreamEnd.Completed, await connection.Ended(await connection.CallAsync(Get, Http2Scenarios.GetFrame())).WaitAsync(Guard));
            }

            await using var extra = await Http2Connection.OpenAsync(port);
            var refused = await extra.Ended(await extra.CallAsync(Get, Http2Scenarios.GetFrame())).WaitAsync(Guard);
            Assert.Equal(StreamEnd.ConnectionClosed, refused);

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await ProcessTable.WaitUntilAsync(() => TryCall(port).Result == StreamEnd.Completed, Guard, "a connection is accepted again");
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Call_MoreStreamsThanMaxStreamsPerConnection_ExtraStreamsRefusedOthersAnswered()
    {
        await using var server = await TaskRpcTestServer.StartAsync("--Server:MaxStreamsPerConnection=10");
        await using var connection = await Http2Connection.OpenAsync(server.Address.Port);
        var block = Hpack.Encode(connection.RequestHeaders(Get));
        var ids = Enumerable.Range(0, 15).Select(_ => connection.NextStream()).ToList();

        // All headers first, so that no call can end and free its slot before the last one opens.
        await connection.WriteRawAsync(ids.SelectMany(id => Http2Connection.Frame(Http2Connection.Headers, Http2Connection.EndHeaders, id, block)).ToArray());
        await connection.WriteRawAsync(ids.SelectMany(id => Http2Connection.Frame(Http2Connection.Data, Http2Connection.EndStream, id, Http2Scenarios.GetFrame())).ToArray());
        var ends = await Task.WhenAll(ids.Select(connection.Ended)).WaitAsync(Guard);

        Assert.Equal(10, ends.Count(e => e == StreamEnd.Completed));
        Assert.Equal(5, ends.Count(e => e == StreamEnd.Reset));
    }

    [Theory]
    [InlineData(1, 17 * 1024)] // one field over Server:MaxRequestHeaderFieldSize (16 KiB)
    [InlineData(101, 10)] // over Server:MaxRequestHeaderCount (100)
    [InlineData(5, 7 * 1024)] // 35 KiB in all, over Server:MaxRequestHeadersTotalSize (32 KiB)
    public async Task Call_HeadersOverTheLimits_NotAnswered(int count, int valueLength)
    {
        await using var server = await TaskRpcTestServer.StartAsync();
        await using var connection = await Http2Connection.OpenAsync(server.Address.Port);
        var id = await connection.StartRequestAsync(Get, [.. Enumerable.Range(0, count).Select(i => ($"x-h{i}", new string('a', valueLength)))]);
        await connection.WriteFrameAsync(Http2Connection.Data, Http2Connection.EndStream, id, Http2Scenarios.GetFrame());

        var end = await connection.Ended(id).WaitAsync(Guard);

        // Kestrel answers 431 (Request Header Fields Too Large), or ends the connection when a field is too large to decode.
        Assert.True(
            (end == StreamEnd.Completed && connection.Status(id) == 431) || end != StreamEnd.Completed,
            $"{end}, HTTP {connection.Status(id)}, GOAWAY {connection.GoAwayCode}");
        Assert.Equal(StreamEnd.Completed, await TryCall(server.Address.Port)); // A fresh connection is served.
    }

    [Theory]
    [InlineData(90, 300)] // 90 headers, 27 KiB in all
    [InlineData(1, 15 * 1024)] // one field of 15 KiB
    public async Task Call_HeadersJustUnderTheLimits_Answered(int count, int valueLength)
    {
        await using var server = await TaskRpcTestServer.StartAsync();
        await using var connection = await Http2Connection.OpenAsync(server.Address.Port);
        var id = await connection.StartRequestAsync(Get, [.. Enumerable.Range(0, count).Select(i => ($"x-h{i}", new string('a', valueLength)))]);
        await connection.WriteFrameAsync(Http2Connection.Data, Http2Connection.EndStream, id, Http2Scenarios.GetFrame());

        var end = await connection.Ended(id).WaitAsync(Guard);

        Assert.True(end == StreamEnd.Completed && connection.Status(id) == 200, $"{end}, HTTP {connection.Status(id)}, GOAWAY {connection.GoAwayCode}");
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Submit_CompressionBombOverTheMessageSize_ResourceExhaustedAndServerKeepsAnswering(string encoding)
    {
        await using var server = await TaskRpcTestServer.StartAsync();
        var bomb = new SubmitRequest { Task = "demo.echo", Args = new Payload { Binary = ByteString.CopyFrom(new byte[(4 * 1024 * 1024) + 1]) } };
        var frame = WireFuzz.Frame(WireFuzz.Compress(bomb.ToByteArray(), encoding), flag: 1);
        using var raw = new RawGrpc(server.Address);

        var response = await raw.CallAsync(RandomRequests.Service + "Submit", new ByteArrayContent(frame), new Dictionary<string, string> { ["grpc-encoding"] = encoding });

        Assert.True(frame.Length < 64 * 1024, $"The bomb is {frame.Length} bytes compressed.");
        Assert.True(response.GrpcStatus == "8", response.Description);
        Assert.Contains("exceeds the maximum", response.GrpcMessage, StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, (await server.Client.RunAsync("demo.echo", "1")).State);
    }

    private static async Task<StreamEnd> TryCall(int port)
    {
        await using var connection = await Http2Connection.OpenAsync(port);
        return await connection.Ended(await connection.CallAsync(Get, Http2Scenarios.GetFrame())).WaitAsync(Guard);
    }
}
