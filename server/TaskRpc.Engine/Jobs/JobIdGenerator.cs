using System.Security.Cryptography;

namespace TaskRpc.Engine.Jobs;

/// <summary>
/// Job ids: <c>'j'</c> and 26 Crockford base32 characters of a ULID-like 128-bit value (48-bit
/// milliseconds, then 80 bits that start random and count up within the same millisecond).
/// Ids are URL-safe, unique, and strictly increasing in ordinal order, so listing by id
/// descending is newest first.
/// </summary>
internal sealed class JobIdGenerator
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly UInt128 RandomMask = (UInt128.One << 80) - 1;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private UInt128 _last;

    public JobIdGenerator(TimeProvider time) => _time = time;

    public string Next()
    {
        var ms = (ulong)Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds());
        UInt128 value;
        lock (_gate)
        {
            var candidate = (UInt128)ms << 80;
            if (candidate > _last)
            {
                Span<byte> random = stackalloc byte[16];
                RandomNumberGenerator.Fill(random);
                // Keep the top bit of the random part clear so counting up never carries into the time.
                value = candidate | (System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(random) & (RandomMask >> 1));
            }
            else
            {
                value = _last + 1;
            }

            _last = value;
        }

        return Encode(value);
    }

    /// <summary>Whether <paramref name="id"/> has the shape of a job id.</summary>
    public static bool IsWellFormed(string? id)
    {
        if (id is not { Length: 27 } || id[0] != 'j')
        {
            return false;
        }

        foreach (var c in id.AsSpan(1))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string Encode(UInt128 value) => string.Create(27, value, static (span, v) =>
    {
        span[0] = 'j';
        for (var i = span.Length - 1; i >= 1; i--)
        {
            span[i] = Alphabet[(int)(v & 31)];
            v >>= 5;
        }
    });
}
