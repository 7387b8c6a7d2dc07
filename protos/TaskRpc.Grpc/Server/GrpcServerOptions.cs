using System.IO.Compression;

namespace TaskRpc.Grpc;

/// <summary>Options of the gRPC server layer.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>The largest request message accepted, after decompression. Default 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest response message sent. Default 4 MiB.</summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Compress responses with this encoding ("gzip" or "deflate") when the client accepts it.
    /// Default null: responses are not compressed unless a handler asks for it.
    /// </summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>The level used when compressing responses. Default <see cref="CompressionLevel.Fastest"/>.</summary>
    public CompressionLevel ResponseCompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>
    /// Put the exception type and message into grpc-message when a handler throws an unexpected
    /// exception. Default false: clients see a generic message; the exception is always logged.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Maps an exception thrown by a handler (other than <see cref="RpcException"/>) to a status;
    /// return null to fall back to UNKNOWN with a generic message. Default null. This is the one
    /// place where an application maps its domain exceptions to gRPC statuses.
    /// </summary>
    public Func<Exception, Status?>? ExceptionMapper { get; set; }

    internal void Validate()
    {
        if (MaxReceiveMessageSize <= 0 || MaxSendMessageSize <= 0)
        {
            throw new InvalidOperationException("gRPC message size limits must be positive.");
        }

        if (ResponseCompressionAlgorithm is not null && !Internal.MessageCompression.IsSupported(ResponseCompressionAlgorithm))
        {
            throw new InvalidOperationException($"Unsupported response compression '{ResponseCompressionAlgorithm}': use gzip or deflate.");
        }
    }
}
