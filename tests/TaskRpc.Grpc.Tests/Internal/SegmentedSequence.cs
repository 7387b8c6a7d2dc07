using System.Buffers;

namespace TaskRpc.Grpc.Tests.Internal;

/// <summary>A <see cref="ReadOnlySequence{T}"/> cut into several segments at chosen offsets.</summary>
public sealed class SegmentedSequence : ReadOnlySequenceSegment<byte>
{
    private SegmentedSequence(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary><paramref name="data"/> as a sequence with a segment boundary at each of <paramref name="cuts"/>.</summary>
    public static ReadOnlySequence<byte> Create(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Where(cut => cut > 0 && cut < data.Length).Distinct().Order().Append(data.Length).ToArray();
        var first = new SegmentedSequence(data.AsMemory(0, bounds[0]), 0);
        var last = first;
        for (var i = 1; i < bounds.Length; i++)
        {
            var next = new SegmentedSequence(data.AsMemory(bounds[i - 1], bounds[i] - bounds[i - 1]), bounds[i - 1]);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
