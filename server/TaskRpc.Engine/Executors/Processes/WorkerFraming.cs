using System.Buffers;
using Google.Protobuf;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>
/// Length-delimited protobuf framing (the format of <c>WriteDelimitedTo</c>): a varint byte count,
/// then the message. Frames larger than <see cref="MaxFrameBytes"/> are refused.
/// </summary>
internal static class WorkerFraming
{
    /// <summary>The largest frame accepted: 256 MiB.</summary>
    public const int MaxFrameBytes = 256 * 1024 * 1024;

    /// <summary>Writes one frame.</summary>
    public static void Write(IBufferWriter<byte> output, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        var size = message.CalculateSize();
        if (size > MaxFrameBytes)
        {
            throw new InvalidDataException($"A worker message of {size} bytes exceeds the {MaxFrameBytes}-byte frame limit.");
        }

        var prefix = output.GetSpan(5);
        var written = 0;
        var value = (uint)size;
        while (value >= 0x80)
        {
            prefix[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        prefix[written++] = (byte)value;
        output.Advance(written);
        message.WriteTo(output);
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>: true and the frame's body,
    /// or false when the buffer holds only part of one.
    /// </summary>
    /// <exception cref="InvalidDataException">The length prefix is malformed or too large.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        var reader = new SequenceReader<byte>(buffer);
        uint length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28)
            {
                throw new InvalidDataException("A worker frame's length prefix is malformed.");
            }

            if (!reader.TryRead(out var b))
            {
                return false;
            }

            length |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length > MaxFrameBytes)
        {
            throw new InvalidDataException($"A worker frame of {length} bytes exceeds the {MaxFrameBytes}-byte limit.");
        }

        if (reader.Remaining < length)
        {
            return false;
        }

        frame = buffer.Slice(reader.Position, length);
        buffer = buffer.Slice(frame.End);
        return true;
    }
}
