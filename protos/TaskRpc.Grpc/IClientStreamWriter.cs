namespace TaskRpc.Grpc;

/// <summary>Writes a client's request stream.</summary>
/// <typeparam name="T">The request type.</typeparam>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Ends the request stream (half-close); no more writes may follow.</summary>
    Task CompleteAsync();
}
