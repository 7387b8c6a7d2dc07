namespace TaskRpc.Grpc;

/// <summary>Handles a unary call.</summary>
public delegate ValueTask<TResponse> UnaryServerMethod<in TRequest, TResponse>(TRequest request, ServerCallContext context);
