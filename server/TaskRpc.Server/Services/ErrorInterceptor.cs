using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaskRpc.Server.Services;

/// <summary>
/// The one place where exceptions become gRPC statuses, for every method the server hosts (unary
/// and streaming): engine exceptions through <see cref="StatusMapping"/>; a call cancelled by its
/// client or deadline as CANCELLED or DEADLINE_EXCEEDED; anything else is logged and answered
/// UNKNOWN with a generic message (plus the exception's type and message only when
/// <see cref="TaskRpcServerOptions.DetailedErrors"/> is on). It also turns on
/// <see cref="ResponseCompression"/> for a call whose request came compressed.
/// </summary>
internal sealed class ErrorInterceptor(IOptions<TaskRpcServerOptions> options, ILogger<ErrorInterceptor> logger) : Interceptor
{
    private const string GenericMessage = "Exception was thrown by handler.";
    private readonly bool _detailedErrors = options.Value.DetailedErrors;

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

    private RpcException ToRpcException(Exception exception, ServerCallContext context)
    {
        if (StatusMapping.ToRpcException(exception) is { } mapped)
        {
            return mapped;
        }

        if (exception is OperationCanceledException or IOException && context.CancellationToken.IsCancellationRequested)
        {
            return new RpcException(context.Deadline <= DateTime.UtcNow
                ? new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.")
                : new Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        ServerLog.UnexpectedError(logger, context.Method, exception);
        return new RpcException(new Status(
            StatusCode.Unknown,
            _detailedErrors ? $"{GenericMessage} {exception.GetType().Name}: {exception.Message}" : GenericMessage));
    }
}
