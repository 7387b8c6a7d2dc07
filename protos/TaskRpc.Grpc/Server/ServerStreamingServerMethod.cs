namespace TaskRpc.Grpc;

/// <summary>Handles a server-streaming call.</summary>
public delegate Task ServerStreamingServerMethod<in TRequest, TResponse>(TRequest request, IAsyncStreamWriter<TResponse> responseStream, ServerCallContext context);
