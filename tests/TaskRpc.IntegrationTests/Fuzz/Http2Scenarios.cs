using Google.Protobuf;
using TaskRpc.Contracts.V1;
using static TaskRpc.IntegrationTests.Fuzz.Http2Connection;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>
/// HTTP/2-level abuse over raw connections, one scenario per connection: rapid resets
/// (CVE-2023-44487), more streams than allowed, bad SETTINGS and WINDOW_UPDATE, random frames,
/// header floods, PING and SETTINGS floods, stream id misuse. Each ends with an ordinary call
/// where the connection survives. A scenario returns how it ended; it must end.
/// </summary>
internal sealed class Http2Scenarios(Random random, int port)
{
    private const string Get = RandomRequests.Service + "Get";

    public static readonly string[] Kinds =
    [
        "rapid-reset", "many-streams", "bad-settings", "bad-window-update", "random-frames", "garbage-preface",
        "headers-too-large", "continuation-flood", "ping-flood", "settings-flood", "stream-id-misuse", "empty-body",
    ];

    /// <summary>Streams opened by all scenarios so far.</summary>
    public int Streams { get; private set; }

    public async Task<string> RunAsync(string kind)
    {
        await using var connection = await OpenAsync(port, handshake: kind != "garbage-preface");
        var detail = kind switch
        {
            "rapid-reset" => await RapidResetAsync(connection),
            "many-streams" => await ManyStreamsAsync(connection),
            "bad-settings" => await BadSettingsAsync(connection),
            "bad-window-update" => await BadWindowUpdateAsync(connection),
            "random-frames" => await RandomFramesAsync(connection),
            "garbage-preface" => await GarbagePrefaceAsync(connection),
            "headers-too-large" => await HeadersTooLargeAsync(connection),
            "continuation-flood" => await ContinuationFloodAsync(connection),
            "ping-flood" => await FloodAsync(connection, Ping, 8),
            "settings-flood" => await FloodAsync(connection, Settings, 0),
            "stream-id-misuse" => await StreamIdMisuseAsync(connection),
            _ => await EmptyBodyAsync(connection),
        };
        return $"{detail}; then {await FinalCallAsync(connection)}";
    }

    /// <summary>A request body that never completes: the server must reset it (minimum request body data rate).</summary>
    public async Task<string> SlowBodyAsync(int streams)
    {
        await using var connection = await OpenAsync(port);
        var frame = GetFrame();
        var ids = new List<int>();
        for (var i = 0; i < streams; i++)
        {
            var id = await connection.StartRequestAsync(Get);
            await connection.WriteFrameAsync(Data, 0, id, frame.AsMemory(0, random.Next(1, frame.Length)));
            ids.Add(id);
        }

        Streams += streams;
        var ends = await Task.WhenAll(ids.Select(connection.Ended));
        return $"slow body: {Tally(ends)}";
    }

    /// <summary>A client that never opens its receive window (slow read): the server must not hold the call forever.</summary>
    public async Task<string> ZeroWindowAsync()
    {
        // SETTINGS_INITIAL_WINDOW_SIZE = 0: no stream may send DATA to us.
        await using var connection = await OpenAsync(port, settings: [0x00, 0x04, 0, 0, 0, 0]);
        var id = await connection.CallAsync(RandomRequests.Service + "ListTasks", WireFuzz.Frame([]));
        Streams++;
        return $"zero receive window: {await connection.Ended(id)}, {await connection.Closed}";
    }

    private static string Tally(IEnumerable<StreamEnd> ends) =>
        string.Join(", ", ends.GroupBy(e => e).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));

    /// <summary>A Get of a job that does not exist, framed: a call that ends at once with NOT_FOUND.</summary>
    public static byte[] GetFrame() => WireFuzz.Frame(new GetJobRequest { Id = "no-such-job" }.ToByteArray());

    private async Task<string> FinalCallAsync(Http2Connection connection)
    {
        if (connection.Closed.IsCompleted)
        {
            return "connection closed: " + await connection.Closed;
        }

        var id = await connection.CallAsync(Get, GetFrame());
        Streams++;
        var end = await connection.Ended(id);
        return end == StreamEnd.ConnectionClosed ? "connection closed: " + await connection.Closed : "call " + end;
    }

    private async Task<string> RapidResetAsync(Http2Connection connection)
    {
        var count = random.Next(100, 3000);
        var block = Hpack.Encode(connection.RequestHeaders(Get));
        var frames = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            var id = connection.NextStream();
            frames.AddRange(Frame(Headers, EndHeaders, id, block));
            if (random.Next(2) == 0)
            {
                frames.AddRange(Frame(Data, 0, id, GetFrame().AsSpan(0, 3)));
            }

            frames.AddRange(Frame(RstStream, 0, id, BigEndian(8))); // CANCEL
        }

        await connection.WriteRawAsync(frames.ToArray());
        Streams += count;
        return $"{count} streams opened and reset, GOAWAY {connection.GoAwayCode?.ToString() ?? "none"}";
    }

    private async Task<string> ManyStreamsAsync(Http2Connection connection)
    {
        var count = random.Next(1001, 1400);
        var block = Hpack.Encode(connection.RequestHeaders(Get));
        var ids = Enumerable.Range(0, count).Select(_ => connection.NextStream()).ToList();
        await connection.WriteRawAsync(ids.SelectMany(id => Frame(Headers, EndHeaders, id, block)).ToArray());
        await connection.WriteRawAsync(ids.SelectMany(id => Frame(Data, EndStream, id, GetFrame())).ToArray());
        Streams += count;
        var ends = await Task.WhenAll(ids.Select(connection.Ended));
        return $"{count} concurrent streams: {Tally(ends)}";
    }

    private async Task<string> BadSettingsAsync(Http2Connection connection)
    {
        byte[][] payloads =
        [
            [0x00, 0x04, 0x80, 0x00, 0x00, 0x00], // INITIAL_WINDOW_SIZE 2^31: FLOW_CONTROL_ERROR
            [0x00, 0x05, 0x00, 0x00, 0x00, 0x10], // MAX_FRAME_SIZE 16: PROTOCOL_ERROR
            [0x00, 0x05, 0x01, 0x00, 0x00, 0x00], // MAX_FRAME_SIZE 2^24: PROTOCOL_ERROR
            [0x00, 0x02, 0x00, 0x00, 0x00, 0x02], // ENABLE_PUSH 2: PROTOCOL_ERROR
            [0x00, 0x03, 0x00, 0x00, 0x00, 0x00], // MAX_CONCURRENT_STREAMS 0: allowed
            [0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xFF], // unknown id: ignored
            [0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF], // HEADER_TABLE_SIZE 4 GiB
            WireFuzz.RandomBytes(random, random.Next(1, 6)), // not a multiple of 6: FRAME_SIZE_ERROR
            WireFuzz.RandomBytes(random, 6 * random.Next(1, 10)),
        ];
        var which = random.Next(payloads.Length + 2);
        if (which == payloads.Length)
        {
            await connection.WriteFrameAsync(Settings, 0, 1, ReadOnlyMemory<byte>.Empty); // on a stream: PROTOCOL_ERROR
        }
        else if (which == payloads.Length + 1)
        {
            await connection.WriteFrameAsync(Settings, Ack, 0, new byte[] { 1, 2, 3, 4, 5, 6 }); // ACK with a payload: FRAME_SIZE_ERROR
        }
        else
        {
            await connection.WriteFrameAsync(Settings, 0, 0, payloads[which]);
        }

        return $"bad SETTINGS {which}";
    }

    private async Task<string> BadWindowUpdateAsync(Http2Connection connection)
    {
        var which = random.Next(5);
        switch (which)
        {
            case 0:
                await connection.WriteWindowUpdateAsync(0, 0); // zero on the connection: PROTOCOL_ERROR
                break;
            case 1:
                await connection.WriteWindowUpdateAsync(0, int.MaxValue); // past 2^31-1: FLOW_CONTROL_ERROR
                break;
            case 2:
                var id = await connection.StartRequestAsync(Get);
                Streams++;
                await connection.WriteWindowUpdateAsync(id, random.Next(2) == 0 ? 0 : int.MaxValue); // stream error
                await connection.WriteFrameAsync(Data, EndStream, id, GetFrame());
                break;
            case 3:
                await connection.WriteWindowUpdateAsync(random.Next(1, 1000) * 2 + 1, random.Next(1, int.MaxValue)); // idle stream: PROTOCOL_ERROR
                break;
            default:
                await connection.WriteFrameAsync(WindowUpdate, 0, 0, WireFuzz.RandomBytes(random, random.Next(0, 8))); // wrong length
                break;
        }

        return $"bad WINDOW_UPDATE {which}";
    }

    private async Task<string> RandomFramesAsync(Http2Connection connection)
    {
        var count = random.Next(1, 20);
        for (var i = 0; i < count; i++)
        {
            int[] streams = [0, 1, 3, random.Next(), random.Next(1, 100)];
            await connection.WriteFrameAsync((byte)random.Next(0, 16), (byte)random.Next(256), streams[random.Next(streams.Length)], WireFuzz.RandomBytes(random, random.Next(0, 80)));
        }

        return $"{count} random frames";
    }

    /// <summary>
    /// Garbage instead of the preface, ending in a line feed: Kestrel first reads a line to tell an
    /// HTTP/1.x client apart, then refuses the connection.
    /// </summary>
    private async Task<string> GarbagePrefaceAsync(Http2Connection connection)
    {
        byte[] garbage = [.. Garbage(), (byte)'\n'];
        await connection.WriteRawAsync(garbage);
        return $"{garbage.Length} bytes of garbage for a preface, closed: {await connection.Closed}";
    }

    /// <summary>
    /// Garbage instead of the preface, without a line feed: Kestrel waits for the rest of the line
    /// and closes the connection only at the idle timeout (Server:IdleConnectionTimeout).
    /// </summary>
    public async Task<string> UnfinishedPrefaceAsync()
    {
        await using var connection = await OpenAsync(port, handshake: false);
        var garbage = Garbage().Where(b => b != '\n').ToArray();
        await connection.WriteRawAsync(garbage);
        return $"preface without a line end: {await connection.Closed}";
    }

    private byte[] Garbage() => random.Next(2) == 0
        ? WireFuzz.RandomBytes(random, random.Next(24, 200))
        : [.. Preface.AsSpan(0, random.Next(1, Preface.Length)), .. WireFuzz.RandomBytes(random, 30)];

    private async Task<string> HeadersTooLargeAsync(Http2Connection connection)
    {
        var which = random.Next(3);
        List<(string, string)> extra = which switch
        {
            0 => [("x-big", new string('a', random.Next(17_000, 60_000)))], // one field over 16 KiB
            1 => [.. Enumerable.Range(0, random.Next(101, 400)).Select(i => ($"x-h{i}", "v"))], // over 100 headers
            _ => [.. Enumerable.Range(0, 5).Select(i => ($"x-h{i}", new string('b', 8_000)))], // 40 KiB in all, over 32 KiB
        };
        var id = await connection.StartRequestAsync(Get, extra);
        Streams++;
        await connection.WriteFrameAsync(Data, EndStream, id, GetFrame());
        return $"headers too large ({which}): {await connection.Ended(id)}";
    }

    private async Task<string> ContinuationFloodAsync(Http2Connection connection)
    {
        var id = connection.NextStream();
        Streams++;
        var frames = new List<byte>(Frame(Headers, 0, id, Hpack.Encode(connection.RequestHeaders(Get))));
        var count = random.Next(50, 400);
        var field = Hpack.Encode([("x-flood", new string('c', 1000))]);
        for (var i = 0; i < count; i++)
        {
            frames.AddRange(Frame(Continuation, 0, id, field)); // never END_HEADERS
        }

        await connection.WriteRawAsync(frames.ToArray());
        return $"{count} CONTINUATION frames without an end: {await connection.Ended(id)}";
    }

    private async Task<string> FloodAsync(Http2Connection connection, byte type, int length)
    {
        var count = random.Next(100, 2000);
        var frames = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            frames.AddRange(Frame(type, 0, 0, WireFuzz.RandomBytes(random, length)));
        }

        await connection.WriteRawAsync(frames.ToArray());
        return $"{count} frames of type {type}";
    }

    private async Task<string> StreamIdMisuseAsync(Http2Connection connection)
    {
        var which = random.Next(4);
        var block = Hpack.Encode(connection.RequestHeaders(Get));
        int id;
        switch (which)
        {
            case 0:
                id = random.Next(1, 1000) * 2; // even: server-initiated ids only
                break;
            case 1:
                var first = await connection.CallAsync(Get, GetFrame());
                await connection.Ended(first);
                id = first; // reused
                break;
            case 2:
                id = 0; // HEADERS on the connection stream
                break;
            default:
                id = random.Next(1, 1000) * 2 + 1;
                _ = connection.Track(id);
                await connection.WriteFrameAsync(Data, EndStream, id, GetFrame()); // DATA on an idle stream
                return $"DATA on idle stream {id}: {await connection.Ended(id)}";
        }

        var ended = connection.Track(id);
        Streams++;
        await connection.WriteFrameAsync(Headers, EndHeaders | EndStream, id, block);
        return $"stream id misuse {which} ({id}): {await ended}";
    }

    private async Task<string> EmptyBodyAsync(Http2Connection connection)
    {
        var id = await connection.StartRequestAsync(RandomRequests.Methods[random.Next(RandomRequests.Methods.Length)], endStream: true);
        Streams++;
        return $"no body: {await connection.Ended(id)}";
    }
}
