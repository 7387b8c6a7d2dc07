using System.Text;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>
/// The smallest HPACK encoder (RFC 7541): every field a literal without indexing, with a literal
/// name and no Huffman coding, so no table state is shared with the server.
/// </summary>
internal static class Hpack
{
    /// <summary>A header block of <paramref name="fields"/>, in order (pseudo-headers first).</summary>
    public static byte[] Encode(IEnumerable<(string Name, string Value)> fields)
    {
        var block = new List<byte>();
        foreach (var (name, value) in fields)
        {
            block.Add(0x00); // Literal header field without indexing, new name (6.2.2).
            String(block, name);
            String(block, value);
        }

        return [.. block];
    }

    /// <summary>An integer with an N-bit prefix (5.1); the prefix byte's upper bits are <paramref name="flags"/>.</summary>
    public static void Integer(List<byte> block, int value, int prefixBits, byte flags = 0)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(flags | value));
            return;
        }

        block.Add((byte)(flags | max));
        value -= max;
        while (value >= 128)
        {
            block.Add((byte)((value % 128) + 128));
            value /= 128;
        }

        block.Add((byte)value);
    }

    private static void String(List<byte> block, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Integer(block, bytes.Length, 7); // H = 0: not Huffman-coded.
        block.AddRange(bytes);
    }
}
