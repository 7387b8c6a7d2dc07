using System.Reflection;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Internal;

/// <summary>
/// Args and results: protobuf messages travel as <c>Payload.message</c> (Any), byte arrays as
/// <c>Payload.binary</c>, anything else as JSON-shaped <c>Payload.json</c> (System.Text.Json,
/// web defaults: camelCase names, case-insensitive reads). Reading is strict about what a type
/// requires: a constructor parameter without a default value (a record's positional member) or a
/// <c>required</c> member that the JSON lacks fails the read, so a field-name mismatch between a
/// result type and the task's result is an error, not a silent 0 or null. Extra JSON fields are ignored.
/// </summary>
internal static class PayloadCodec
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { RespectRequiredConstructorParameters = true };

    public static Payload? Encode(object? value) => value switch
    {
        null => null,
        Payload payload => payload,
        Any any => new Payload { Message = any },
        Value json => new Payload { Json = json },
        IMessage message => new Payload { Message = Any.Pack(message) },
        byte[] bytes => new Payload { Binary = ByteString.CopyFrom(bytes) },
        ReadOnlyMemory<byte> memory => new Payload { Binary = ByteString.CopyFrom(memory.Span) },
        _ => new Payload { Json = JsonParser.Default.Parse<Value>(JsonSerializer.Serialize(value, value.GetType(), Json)) },
    };

    public static TResult Decode<TResult>(Payload? payload)
    {
        var type = typeof(TResult);
        if (type == typeof(Payload))
        {
            return (TResult)(object)(payload ?? new Payload());
        }

        if (payload is null || payload.KindCase == Payload.KindOneofCase.None)
        {
            return default!;
        }

        return payload.KindCase switch
        {
            Payload.KindOneofCase.Message => (TResult)DecodeMessage(payload.Message, type),
            Payload.KindOneofCase.Binary when type == typeof(byte[]) => (TResult)(object)payload.Binary.ToByteArray(),
            Payload.KindOneofCase.Binary when type == typeof(ReadOnlyMemory<byte>) => (TResult)(object)payload.Binary.Memory,
            Payload.KindOneofCase.Json when type == typeof(Value) => (TResult)(object)payload.Json,
            Payload.KindOneofCase.Json => JsonSerializer.Deserialize<TResult>(JsonFormatter.Default.Format(payload.Json), Json)!,
            _ => throw new InvalidCastException($"A {payload.KindCase} result cannot be read as {type.Name}."),
        };
    }

    private static object DecodeMessage(Any any, System.Type type)
    {
        if (type == typeof(Any) || type == typeof(object))
        {
            return any;
        }

        var descriptor = type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageDescriptor
            ?? throw new InvalidCastException($"A protobuf message result cannot be read as {type.Name}: it is not a generated message type.");
        if (!string.Equals(Any.GetTypeName(any.TypeUrl), descriptor.FullName, StringComparison.Ordinal))
        {
            throw new InvalidCastException($"The result is a {any.TypeUrl}, not a {descriptor.FullName}.");
        }

        return descriptor.Parser.ParseFrom(any.Value);
    }
}
