using System.Text;

namespace TaskRpc.Engine.Jobs;

/// <summary>
/// Arguments or a result of a job, always in serialized form: UTF-8 JSON text, opaque bytes,
/// or a protobuf message (type URL and bytes). Immutable: the factories copy what they are given.
/// </summary>
public sealed class Payload : IEquatable<Payload>
{
    private static readonly byte[] NullJson = "null"u8.ToArray();

    private Payload(PayloadKind kind, ReadOnlyMemory<byte> data, string? typeUrl)
    {
        Kind = kind;
        Data = data;
        TypeUrl = typeUrl;
    }

    /// <summary>The JSON value <c>null</c>: what a submission without args carries.</summary>
    public static Payload JsonNull { get; } = new(PayloadKind.Json, NullJson, null);

    /// <summary>What the payload holds.</summary>
    public PayloadKind Kind { get; }

    /// <summary>The bytes: UTF-8 JSON text, opaque bytes, or the message's serialized bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The message's type URL when <see cref="Kind"/> is <see cref="PayloadKind.Message"/>; otherwise null.</summary>
    public string? TypeUrl { get; }

    /// <summary>A JSON payload from JSON text.</summary>
    /// <param name="json">JSON text.</param>
    /// <returns>The payload.</returns>
    public static Payload FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new Payload(PayloadKind.Json, Encoding.UTF8.GetBytes(json), null);
    }

    /// <summary>A JSON payload from UTF-8 JSON text (copied).</summary>
    /// <param name="utf8Json">UTF-8 JSON text.</param>
    /// <returns>The payload.</returns>
    public static Payload FromJsonUtf8(ReadOnlySpan<byte> utf8Json) => new(PayloadKind.Json, utf8Json.ToArray(), null);

    /// <summary>A binary payload (the bytes are copied).</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The payload.</returns>
    public static Payload FromBinary(ReadOnlySpan<byte> data) => new(PayloadKind.Binary, data.ToArray(), null);

    /// <summary>A protobuf message payload (the bytes are copied).</summary>
    /// <param name="typeUrl">The message's type URL, e.g. <c>type.googleapis.com/pkg.Msg</c>.</param>
    /// <param name="data">The serialized message.</param>
    /// <returns>The payload.</returns>
    public static Payload FromMessage(string typeUrl, ReadOnlySpan<byte> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeUrl);
        return new Payload(PayloadKind.Message, data.ToArray(), typeUrl);
    }

    /// <summary>Wraps bytes the engine itself produced and never mutates, without a copy.</summary>
    internal static Payload WrapJsonUtf8(byte[] utf8Json) => new(PayloadKind.Json, utf8Json, null);

    /// <summary>The JSON text of a JSON payload.</summary>
    /// <returns>The text.</returns>
    /// <exception cref="InvalidOperationException">The payload is not JSON.</exception>
    public string GetJsonText() => Kind == PayloadKind.Json
        ? Encoding.UTF8.GetString(Data.Span)
        : throw new InvalidOperationException($"The payload holds {Kind}, not JSON.");

    /// <inheritdoc />
    public bool Equals(Payload? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Kind == other.Kind && string.Equals(TypeUrl, other.TypeUrl, StringComparison.Ordinal)
                && Data.Span.SequenceEqual(other.Data.Span)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Payload);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        PayloadKind.Json => GetJsonText(),
        PayloadKind.Message => $"{TypeUrl} ({Data.Length} bytes)",
        _ => $"{Data.Length} bytes",
    };
}
