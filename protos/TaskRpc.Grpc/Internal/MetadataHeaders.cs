using System.Buffers.Text;

namespace TaskRpc.Grpc.Internal;

/// <summary>
/// Converts between <see cref="Metadata"/> and HTTP/2 header values. Binary values travel as
/// base64; we send it unpadded and accept padded and unpadded, several values comma-separated.
/// </summary>
internal static class MetadataHeaders
{
    /// <summary>Adds one received header to <paramref name="metadata"/> unless it is reserved.</summary>
    public static void AddReceived(Metadata metadata, string name, string? value)
    {
        if (value is null || GrpcProtocol.IsReservedHeader(name))
        {
            return;
        }

        if (!Metadata.Entry.IsBinaryKey(name))
        {
            metadata.Add(new Metadata.Entry(name, value.Trim()));
            return;
        }

        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            metadata.Add(new Metadata.Entry(name, DecodeBase64(part)));
        }
    }

    /// <summary>The header value for an entry.</summary>
    public static string ToHeaderValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;

    private static byte[] DecodeBase64(string value)
    {
        var padded = (value.Length % 4) switch
        {
            2 => value + "==",
            3 => value + "=",
            _ => value,
        };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            // Some peers send URL-safe base64.
            return Base64Url.DecodeFromChars(value.TrimEnd('='));
        }
    }
}
