using System.Buffers.Binary;
using System.IO.Compression;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>Protobuf wire bytes and gRPC message frames, well-formed or broken on purpose, from a seeded Random.</summary>
internal static class WireFuzz
{
    /// <summary>A gRPC length-prefixed message: flag byte, big-endian length, bytes.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message, byte flag = 0, uint? declaredLength = null)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)message.Length);
        message.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public static byte[] Compress(ReadOnlySpan<byte> bytes, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "gzip" ? new GZipStream(output, CompressionLevel.Optimal) : new ZLibStream(output, CompressionLevel.Optimal))
        {
            compressor.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary><paramref name="bytes"/> with 1 to 8 random edits: bit flips, byte changes, insertions, deletions, truncation, repeats.</summary>
    public static byte[] Mutate(Random random, byte[] bytes)
    {
        var result = new List<byte>(bytes);
        var edits = random.Next(1, 9);
        for (var i = 0; i < edits; i++)
        {
            var at = result.Count == 0 ? 0 : random.Next(result.Count);
            switch (random.Next(6))
            {
                case 0 when result.Count > 0:
                    result[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when result.Count > 0:
                    result[at] = (byte)random.Next(256);
                    break;
                case 2:
                    result.InsertRange(at, RandomBytes(random, random.Next(1, 9)));
                    break;
                case 3 when result.Count > 0:
                    result.RemoveRange(at, Math.Min(result.Count - at, random.Next(1, 9)));
                    break;
                case 4:
                    result.RemoveRange(at, result.Count - at);
                    break;
                case 5 when result.Count > 0:
                    var length = Math.Min(result.Count - at, random.Next(1, 17));
                    result.InsertRange(at, result.GetRange(at, length));
                    break;
            }
        }

        return [.. result];
    }

    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Random but syntactically plausible wire data: fields of every wire type, lengths that may lie, groups, over-long varints.</summary>
    public static byte[] RandomWire(Random random, int depth = 0)
    {
        var bytes = new List<byte>();
        var fields = random.Next(0, 12);
        for (var i = 0; i < fields; i++)
        {
            var number = random.Next(8) == 0 ? random.Next(1, 536_870_912) : random.Next(1, 16);
            switch (random.Next(7))
            {
                case 0:
                    bytes.AddRange(Tag(number, 0));
                    bytes.AddRange(random.Next(4) == 0 ? [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] : Varint((ulong)random.NextInt64()));
                    break;
                case 1:
                    bytes.AddRange(Tag(number, 1));
                    bytes.AddRange(RandomBytes(random, 8));
                    break;
                case 2:
                    bytes.AddRange(Tag(number, 5));
                    bytes.AddRange(RandomBytes(random, 4));
                    break;
                case 3:
                    var inner = depth < 4 && random.Next(2) == 0 ? RandomWire(random, depth + 1) : RandomBytes(random, random.Next(0, 40));
                    bytes.AddRange(Tag(number, 2));
                    bytes.AddRange(Varint((ulong)(random.Next(6) == 0 ? Math.Max(0, inner.Length + random.Next(-3, 1000)) : inner.Length)));
                    bytes.AddRange(inner);
                    break;
                case 4:
                    bytes.AddRange(Tag(number, 3));
                    if (random.Next(2) == 0)
                    {
                        bytes.AddRange(Tag(number, 4));
                    }

                    break;
                case 5:
                    bytes.AddRange(Tag(number, 4));
                    break;
                default:
                    bytes.Add((byte)random.Next(256)); // Any byte as a tag, wire types 6 and 7 included.
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>
    /// <paramref name="depth"/> length-delimited fields inside each other around a number, the
    /// field numbers cycling through <paramref name="path"/> (e.g. Value.list_value, ListValue.values).
    /// </summary>
    public static byte[] Nested(int depth, params int[] path)
    {
        byte[] leaf = [0x08, 0x01];

        // Each level's length is known from the inside out; the bytes are written from the outside in.
        var lengths = new int[depth + 1];
        lengths[depth] = leaf.Length;
        for (var level = depth - 1; level >= 0; level--)
        {
            lengths[level] = Tag(path[level % path.Length], 2).Length + Varint((ulong)lengths[level + 1]).Length + lengths[level + 1];
        }

        var bytes = new List<byte>(lengths[0]);
        for (var level = 0; level < depth; level++)
        {
            bytes.AddRange(Tag(path[level % path.Length], 2));
            bytes.AddRange(Varint((ulong)lengths[level + 1]));
        }

        bytes.AddRange(leaf);
        return [.. bytes];
    }

    /// <summary><paramref name="depth"/> unknown groups (field 99) inside each other, closed or left open.</summary>
    public static byte[] NestedGroups(int depth, bool closed)
    {
        var open = Tag(99, 3);
        var close = Tag(99, 4);
        var bytes = new List<byte>();
        for (var i = 0; i < depth; i++)
        {
            bytes.AddRange(open);
        }

        for (var i = 0; closed && i < depth; i++)
        {
            bytes.AddRange(close);
        }

        return [.. bytes];
    }

    public static byte[] Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
