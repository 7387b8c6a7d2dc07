namespace TaskRpc.Grpc;

/// <summary>Writes a stream of messages: responses on the server, requests on the client.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IAsyncStreamWriter<in T>
{
    /// <summary>Options for the next writes, such as <see cref="WriteFlags.NoCompress"/>; null for defaults.</summary>
    WriteOptions? WriteOptions { get; set; }

    /// <summary>Writes one message; at most one write may be pending at a time.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
