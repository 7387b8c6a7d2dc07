using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace TaskRpc.Server.Mapping;

/// <summary>
/// google.protobuf.Value to and from UTF-8 JSON text, directly with System.Text.Json: the
/// reflection-based Google.Protobuf JsonFormatter and JsonParser cost a string, a TextWriter or
/// tokenizer and descriptor lookups per value on every Submit and every Job returned.
/// </summary>
internal static class ValueJson
{
    /// <summary>
    /// The deepest JSON a client may send (containers inside each other). A struct level costs three
    /// protobuf message levels (Value, Struct, its map entry), and protobuf parsers (Google.Protobuf,
    /// upb) stop at 100: 32 levels keep a job readable where it sits deepest, inside a
    /// ListJobsResponse, WaitJobsResponse or CancelJobResponse (3 × 32 + 3 = 99).
    /// </summary>
    public const int MaxRequestDepth = 32;

    private const int MaxDepth = 100;
    private static readonly JsonWriterOptions WriterOptions = new() { MaxDepth = MaxRequestDepth + 1, SkipValidation = true };
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    /// <summary>A buffer kept per thread up to this size; a larger one is dropped after use.</summary>
    private const int KeptBufferBytes = 16 * 1024;

    // One writer and buffer per thread, reused: a new pair per Submit cost ~450 B (docs/benchmarks.md).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The value (from a request) as UTF-8 JSON; NaN and infinities have no JSON form, and a value
    /// nested deeper than <see cref="MaxRequestDepth"/> is refused: both raise <see cref="ArgumentException"/>.
    /// </summary>
    public static byte[] ToUtf8(Value value)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            Write(writer, value, 0);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Reset(buffer);
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    /// <summary>UTF-8 JSON text as a Value (numbers become doubles, as in proto3 JSON).</summary>
    public static Value Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("No JSON value.");
        }

        return Read(ref reader);
    }

    private static void Write(Utf8JsonWriter writer, Value value, int depth)
    {
        if (depth > MaxRequestDepth)
        {
            throw new ArgumentException($"The value nests deeper than {MaxRequestDepth} levels.", nameof(value));
        }

        switch (value.KindCase)
        {
            case Value.KindOneofCase.NumberValue when !double.IsFinite(value.NumberValue):
                throw new ArgumentException($"{value.NumberValue.ToString(CultureInfo.InvariantCulture)} is not a JSON number.", nameof(value));
            case Value.KindOneofCase.NumberValue:
                writer.WriteNumberValue(value.NumberValue);
                break;
            case Value.KindOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case Value.KindOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case Value.KindOneofCase.StructValue:
                writer.WriteStartObject();
                foreach (var field in value.StructValue.Fields)
                {
                    writer.WritePropertyName(field.Key);
                    Write(writer, field.Value ?? new Value(), depth + 1);
                }

                writer.WriteEndObject();
                break;
            case Value.KindOneofCase.ListValue:
                writer.WriteStartArray();
                foreach (var item in value.ListValue.Values)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static Value Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var fields = new Struct();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    fields.Fields[name] = Read(ref reader);
                }

                return Value.ForStruct(fields);
            case JsonTokenType.StartArray:
                var list = new ListValue();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Values.Add(Read(ref reader));
                }

                return new Value { ListValue = list };
            case JsonTokenType.String:
                return Value.ForString(reader.GetString()!);
            case JsonTokenType.Number:
                return Value.ForNumber(reader.TryGetDouble(out var number)
                    ? number
                    : double.Parse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture));
            case JsonTokenType.True:
                return Value.ForBool(true);
            case JsonTokenType.False:
                return Value.ForBool(false);
            default:
                return Value.ForNull();
        }
    }
}
