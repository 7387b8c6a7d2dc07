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
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static DomainPayload ToDomain(ProtoPayload? payload, string field) => payload?.KindCase switch
    {
        null or ProtoPayload.KindOneofCase.None => DomainPayload.JsonNull,
        ProtoPayload.KindOneofCase.Json => DomainPayload.FromJson(Formatter.Format(payload.Json)),
        ProtoPayload.KindOneofCase.Binary => DomainPayload.FromBinary(payload.Binary.Span),
        ProtoPayload.KindOneofCase.Message when !string.IsNullOrEmpty(payload.Message.TypeUrl) =>
            DomainPayload.FromMessage(payload.Message.TypeUrl, payload.Message.Value.Span),
        _ => throw new InvalidSubmissionException($"{field}.message needs a type_url."),
    };

    public static ProtoPayload ToProto(DomainPayload payload) => payload.Kind switch
    {
        DomainPayloadKind.Json => new ProtoPayload { Json = ParseValue(payload.GetJsonText()) },
        DomainPayloadKind.Binary => new ProtoPayload { Binary = ByteString.CopyFrom(payload.Data.Span) },
        _ => new ProtoPayload { Message = new Any { TypeUrl = payload.TypeUrl, Value = ByteString.CopyFrom(payload.Data.Span) } },
    };

    /// <summary>JSON text (from a handler) as a Value; null text means no value.</summary>
    public static Value? ToValue(string? json) => json is null ? null : ParseValue(json);

    private static Value ParseValue(string json) => Parser.Parse<Value>(json);
}
