using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Engine.Errors;
using DomainPayload = TaskRpc.Engine.Jobs.Payload;
using DomainPayloadKind = TaskRpc.Engine.Jobs.PayloadKind;
using ProtoPayload = TaskRpc.Contracts.V1.Payload;

namespace TaskRpc.Server.Mapping;

/// <summary>
/// Payloads across the service edge: a google.protobuf.Value becomes JSON text, bytes stay
/// bytes, an Any keeps its type URL and bytes.
/// </summary>
internal static class PayloadMapper
{
    public static DomainPayload ToDomain(ProtoPayload? payload, string field) => payload?.KindCase switch
    {
        null or ProtoPayload.KindOneofCase.None => DomainPayload.JsonNull,
        ProtoPayload.KindOneofCase.Json => DomainPayload.FromJsonUtf8(ToJson(payload.Json, field)),
        ProtoPayload.KindOneofCase.Binary => DomainPayload.FromBinary(payload.Binary.Span),
        ProtoPayload.KindOneofCase.Message when !string.IsNullOrEmpty(payload.Message.TypeUrl) =>
            DomainPayload.FromMessage(payload.Message.TypeUrl, payload.Message.Value.Span),
        _ => throw new InvalidSubmissionException($"{field}.message needs a type_url."),
    };

    public static ProtoPayload ToProto(DomainPayload payload) => payload.Kind switch
    {
        DomainPayloadKind.Json => new ProtoPayload { Json = ValueJson.Parse(payload.Data.Span) },
        DomainPayloadKind.Binary => new ProtoPayload { Binary = ByteString.CopyFrom(payload.Data.Span) },
        _ => new ProtoPayload { Message = new Any { TypeUrl = payload.TypeUrl, Value = ByteString.CopyFrom(payload.Data.Span) } },
    };

    /// <summary>JSON text (from a handler) as a Value; null text means no value.</summary>
    public static Value? ToValue(string? json) => json is null ? null : ValueJson.Parse(Encoding.UTF8.GetBytes(json));

    private static byte[] ToJson(Value value, string field)
    {
        try
        {
            return ValueJson.ToUtf8(value);
        }
        catch (ArgumentException e)
        {
            throw new InvalidSubmissionException($"{field}.json: {e.Message}");
        }
    }
}
