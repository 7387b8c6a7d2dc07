using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Output;

/// <summary>Protobuf JSON of the contract's messages (what grpcurl prints), Any payloads of known types included.</summary>
internal static class ContractJson
{
    private static readonly TypeRegistry Registry = TypeRegistry.FromFiles(
        JobReflection.Descriptor,
        TaskServiceReflection.Descriptor,
        WrappersReflection.Descriptor,
        StructReflection.Descriptor,
        DurationReflection.Descriptor,
        TimestampReflection.Descriptor);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Registry));

    public static string Format(IMessage message) => Formatter.Format(message);

    /// <summary>A payload as short text: JSON, a message as JSON, or the size of binary data.</summary>
    public static string Describe(Payload? payload) => payload?.KindCase switch
    {
        Payload.KindOneofCase.Json => JsonFormatter.Default.Format(payload.Json),
        Payload.KindOneofCase.Binary => $"({payload.Binary.Length} bytes)",
        Payload.KindOneofCase.Message => DescribeMessage(payload.Message),
        _ => string.Empty,
    };

    private static string DescribeMessage(Any any)
    {
        try
        {
            return Formatter.Format(any);
        }
        catch (InvalidOperationException)
        {
            return $"({any.TypeUrl}, {any.Value.Length} bytes)";
        }
    }
}
