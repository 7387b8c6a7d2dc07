namespace TaskRpc.Grpc;

/// <summary>Reads a stream of messages: requests on the server, responses on the client.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false at the end of the stream.</summary>
    /// <exception cref="RpcException">The call failed.</exception>
    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}
