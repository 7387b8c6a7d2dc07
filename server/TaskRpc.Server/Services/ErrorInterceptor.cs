using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;

namespace TaskRpc.Server.Services;

/// <summary>
/// Exceptions to gRPC statuses through <see cref="CallErrors"/>, and <see cref="ResponseCompression"/>
/// for a call whose request came compressed, for every service the host maps except
/// <see cref="TaskService"/> (health, reflection, a host's own): see <see cref="ErrorInterceptorSetup{TOptions}"/>.
/// TaskService does both in its own methods, which saves grpc-dotnet's interceptor pipeline
/// (two more async state machines per call, plus this one's) on every TaskRpc call.
/// </summary>
internal sealed class ErrorInterceptor(CallErrors errors) : Interceptor
{

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (ResponseCompression.MirrorRequest(context) is not null)
        {
            return GuardAsync(context, () => continuation(request, context));
        }

        // The hot path: no state machine unless the handler throws or completes later.
        Task<TResponse> call;
        try
        {
            call = continuation(request, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            return Task.FromException<TResponse>(ToRpcException(exception, context));
        }

        return call.IsCompletedSuccessfully ? call : AwaitAsync(call, request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, async () =>
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return true;
        });

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, () => continuation(requestStream, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, async () =>
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return true;
        });

    private async Task<TResponse> AwaitAsync<TResponse>(Task<TResponse> call, object request, ServerCallContext context)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (RpcException unknown) when (unknown.StatusCode == StatusCode.NotFound && request is HealthCheckRequest health)
        {
            // grpc-dotnet's health service answers an unknown service with an empty message: name it.
            throw new RpcException(new Status(StatusCode.NotFound, $"Service '{health.Service}' is unknown to the health service."));
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw ToRpcException(exception, context);
        }
    }

    private async Task<T> GuardAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        try
        {
            if (ResponseCompression.MirrorRequest(context) is { } headers)
            {
                await context.WriteResponseHeadersAsync(headers).ConfigureAwait(false);
            }

            return await call().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw ToRpcException(exception, context);
        }
    }

    private RpcException ToRpcException(Exception exception, ServerCallContext context) => errors.ToRpcException(exception, context);
}
