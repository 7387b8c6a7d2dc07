using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>A client interceptor that counts the unary calls it sees, per method name (e.g. "Submit").</summary>
public sealed class CountingInterceptor : Interceptor
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <summary>How many calls of <paramref name="method"/> passed through.</summary>
    public int Calls(string method) => _calls.GetValueOrDefault(method);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        _calls.AddOrUpdate(context.Method.Name, 1, static (_, n) => n + 1);
        return continuation(request, context);
    }
}
