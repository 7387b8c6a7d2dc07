using System.Buffers.Binary;
using System.IO.Compression;

namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>What a raw call answered.</summary>
/// <param name="HttpStatus">The HTTP status code.</param>
/// <param name="GrpcStatus">grpc-status, null if absent.</param>
/// <param name="GrpcMessage">grpc-message, percent-decoded.</param>
/// <param name="GrpcEncoding">The response's grpc-encoding header.</param>
/// <param name="Body">The response body: the length-prefixed messages.</param>
internal sealed record RawResponse(int HttpStatus, int? GrpcStatus, string? GrpcMessage, string? GrpcEncoding, byte[] Body)
{
    /// <summary>The only message of the body: its compressed flag and its bytes (gunzipped if flagged).</summary>
    public (bool Compressed, byte[] Message) SingleMessage()
    {
        Assert.True(Body.Length >= 5, $"the answer has {Body.Length} bytes, no message");
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(1));
        Assert.Equal(5 + length, Body.Length);
        var payload = Body.AsSpan(5, length).ToArray();
        if (Body[0] == 0)
        {
            return (false, payload);
        }

        using var decompressed = new MemoryStream();
        using (var stream = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress))
        {
            stream.CopyTo(decompressed);
        }

        return (true, decompressed.ToArray());
    }

    /// <summary>For failure messages.</summary>
    public override string ToString() =>
        $"HTTP {HttpStatus}, grpc-status {GrpcStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: {GrpcMessage}, {Body.Length} body bytes";
}
