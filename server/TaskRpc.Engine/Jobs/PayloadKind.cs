namespace TaskRpc.Engine.Jobs;

/// <summary>What a <see cref="Payload"/> holds.</summary>
public enum PayloadKind
{
    /// <summary>UTF-8 JSON text.</summary>
    Json = 1,

    /// <summary>Opaque bytes.</summary>
    Binary = 2,

    /// <summary>A serialized protobuf message with its type URL.</summary>
    Message = 3,
}
