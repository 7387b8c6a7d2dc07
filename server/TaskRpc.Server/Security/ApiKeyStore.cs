using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TaskRpc.Server.Security;

/// <summary>
/// The configured API keys as SHA-256 digests. A presented key is hashed and compared with every
/// digest in constant time, so neither the comparison nor the number of matching bytes shows in
/// the response time.
/// </summary>
internal sealed class ApiKeyStore
{
    private readonly Entry[] _entries;

    public ApiKeyStore(IOptions<AuthOptions> options)
    {
        _entries = options.Value.ApiKeys.Select((key, index) => new Entry(Digest(key, index), key.Tenant ?? string.Empty, key.Roles, $"api-key-{index}")).ToArray();
    }

    /// <summary>The key's entry, or null.</summary>
    public Entry? Find(string presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetByteCount(presented);
        var bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(presented, bytes);
        SHA256.HashData(bytes, digest);
        Entry? found = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(entry.Digest, digest))
            {
                found ??= entry;
            }
        }

        return found;
    }

    /// <summary>Checks the configured keys; throws with the offending index.</summary>
    public static void Validate(AuthOptions options)
    {
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            _ = Digest(options.ApiKeys[i], i);
        }
    }

    private static byte[] Digest(ApiKeyOptions key, int index)
    {
        if (!string.IsNullOrEmpty(key.Key) == !string.IsNullOrEmpty(key.KeyHash))
        {
            throw new InvalidOperationException($"Auth:ApiKeys:{index} needs exactly one of Key and KeyHash.");
        }

        if (key.Key is { Length: > 0 } plain)
        {
            return SHA256.HashData(Encoding.UTF8.GetBytes(plain));
        }

        try
        {
            var digest = Convert.FromHexString(key.KeyHash!);
            return digest.Length == SHA256.HashSizeInBytes ? digest : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Auth:ApiKeys:{index}:KeyHash must be a SHA-256 digest in hex (64 characters).");
        }
    }

    /// <summary>One key's digest and who it stands for.</summary>
    internal sealed record Entry(byte[] Digest, string Tenant, string? Roles, string Name);
}
