using System.Globalization;
using Google.Protobuf;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>
/// Random gRPC calls from a seeded Random: a body (well-formed, mutated, random, deeply nested) in
/// a frame (well-formed, truncated, mislabelled, oversized, compressed, a compression bomb), with
/// random headers now and then. The same seed gives the same cases.
/// </summary>
internal sealed class GrpcCaseGenerator(Random random)
{
    private const int MaxMessageSize = 4 * 1024 * 1024;

    // 64 MiB of zeros compress to about 64 KiB: 16 times the message size limit once decompressed.
    private static readonly Lazy<byte[]> GzipBomb = new(() => WireFuzz.Compress(new byte[64 * 1024 * 1024], "gzip"));
    private static readonly Lazy<byte[]> DeflateBomb = new(() => WireFuzz.Compress(new byte[64 * 1024 * 1024], "deflate"));
    private readonly RandomRequests _requests = new(random);

    public GrpcFuzzCase Next(int number)
    {
        var path = RandomRequests.Methods[random.Next(RandomRequests.Methods.Length)];
        var headers = new List<(string, string)> { ("grpc-timeout", "5S") };
        var (kind, message) = Body(path);
        var (framing, body) = Framing(message, headers);
        return new GrpcFuzzCase(number, kind + "/" + framing, path, body, headers);
    }

    private (string Kind, byte[] Message) Body(string path)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 35 => ("valid", _requests.For(path).ToByteArray()),
            < 55 => ("mutated", WireFuzz.Mutate(random, _requests.For(path).ToByteArray())),
            < 67 => ("random-bytes", WireFuzz.RandomBytes(random, random.Next(0, 512))),
            < 82 => ("random-wire", WireFuzz.RandomWire(random)),
            // SubmitRequest.args (2) -> Payload.json (1) -> Value.list_value (6) -> ListValue.values (1) -> ...
            < 90 => ("nested-lists", Field(2, NestedArgs(6, 1))),
            // ... Value.struct_value (5) -> Struct.fields (1) -> entry.value (2) -> Value.struct_value ...
            < 95 => ("nested-structs", Field(2, NestedArgs(5, 1, 2))),
            _ => ("nested-groups", WireFuzz.NestedGroups(random.Next(50, 20_000), random.Next(2) == 0)),
        };
    }

    /// <summary>Payload.json (1) then Value containers nested a random depth, up to far past the parsers' limit of 100.</summary>
    private byte[] NestedArgs(params int[] cycle)
    {
        var depth = random.Next(3) == 0 ? random.Next(90, 110) : random.Next(1, 5_000);
        return Field(1, WireFuzz.Nested(depth, cycle));
    }

    private static byte[] Field(int number, byte[] message) => [.. WireFuzz.Tag(number, 2), .. WireFuzz.Varint((ulong)message.Length), .. message];

    private (string Framing, byte[] Body) Framing(byte[] message, List<(string, string)> headers)
    {
        var roll = random.Next(1000);
        switch (roll)
        {
            case < 500:
                return ("framed", WireFuzz.Frame(message));
            case < 550:
                return ("truncated", WireFuzz.Frame(message, declaredLength: (uint)(message.Length + random.Next(1, 100_000))));
            case < 590 when message.Length > 0:
                return ("short-length", WireFuzz.Frame(message, declaredLength: (uint)random.Next(message.Length)));
            case < 620:
                return ("short-prefix", WireFuzz.Frame(message)[..random.Next(1, 5)]);
            case < 650:
                return ("flag-without-encoding", WireFuzz.Frame(message, flag: 1));
            case < 680:
                headers.Add(("grpc-encoding", random.Next(2) == 0 ? "gzip" : "deflate"));
                return ("flag-with-bad-data", WireFuzz.Frame(random.Next(2) == 0 ? message : WireFuzz.Mutate(random, WireFuzz.Compress(message, "gzip")), flag: 1));
            case < 710:
                return ("bad-flag", WireFuzz.Frame(message, flag: (byte)random.Next(2, 256)));
            case < 740:
                return ("declared-oversized", WireFuzz.Frame(message, declaredLength: (uint)random.NextInt64(MaxMessageSize + 1L, uint.MaxValue + 1L)));
            case < 770:
                return ("two-messages", [.. WireFuzz.Frame(message), .. WireFuzz.Frame(message)]);
            case < 790:
                return ("empty", []);
            case < 860:
                var encoding = random.Next(2) == 0 ? "gzip" : "deflate";
                headers.Add(("grpc-encoding", encoding));
                return ("compressed", WireFuzz.Frame(WireFuzz.Compress(message, encoding), flag: 1));
            case < 880:
                headers.Add(("grpc-encoding", random.Next(2) == 0 ? "br" : "x-" + random.Next().ToString(CultureInfo.InvariantCulture)));
                return ("unknown-encoding", WireFuzz.Frame(message, flag: (byte)random.Next(2)));
            case < 890:
                var gzip = random.Next(2) == 0;
                headers.Add(("grpc-encoding", gzip ? "gzip" : "deflate"));
                return (gzip ? "gzip-bomb" : "deflate-bomb", WireFuzz.Frame(gzip ? GzipBomb.Value : DeflateBomb.Value, flag: 1));
            case < 893:
                return ("oversized", WireFuzz.Frame(WireFuzz.RandomBytes(random, MaxMessageSize + random.Next(1, 4096))));
            default:
                RandomHeaders(headers);
                return ("headers", WireFuzz.Frame(message));
        }
    }

    private void RandomHeaders(List<(string Name, string Value)> headers)
    {
        switch (random.Next(6))
        {
            case 0:
                string[] timeouts = ["", "abc", "1n", "0S", "99999999H", "123456789S", "-1S", "1.5S", "1Z"];
                headers[0] = ("grpc-timeout", timeouts[random.Next(timeouts.Length)]);
                break;
            case 1:
                string[] types = ["application/grpc+proto", "application/grpc+json", "application/json", "text/plain", "application/grpc-web", "application/grpcx", ""];
                headers.Add(("content-type", types[random.Next(types.Length)]));
                break;
            case 2:
                headers.Add(("grpc-accept-encoding", Token()));
                headers.Add(("grpc-encoding", random.Next(2) == 0 ? "identity" : Token()));
                break;
            case 3:
                headers.Add(("x-fuzz-bin", Token() + "=="));
                break;
            case 4:
                for (var i = random.Next(1, 60); i > 0; i--)
                {
                    headers.Add(("x-" + Token(), Token()));
                }

                break;
            default:
                headers.Add(("x-big", new string('a', random.Next(8_000, 40_000))));
                break;
        }
    }

    private string Token()
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
        return string.Create(random.Next(1, 24), random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }
}
