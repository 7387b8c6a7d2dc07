using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Server.Internal;

/// <summary>
/// Runs one call of a bound method: validates the request, builds the context, invokes the
/// handler and ends the call with a status. Subclasses add the method shape.
/// </summary>
internal abstract class ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected ServerCallHandler(Method<TRequest, TResponse> method, GrpcServerOptions options, ILogger logger)
    {
        Method = method;
        Options = options;
        Logger = logger;
    }

    public Method<TRequest, TResponse> Method { get; }

    protected GrpcServerOptions Options { get; }

    protected ILogger Logger { get; }

    public async Task HandleAsync(HttpContext httpContext)
    {
        if (!GrpcRequestValidator.TryAccept(httpContext, Logger, Method.FullName, out var encoding, out var timeout))
        {
            return;
        }

        var context = new ServerCallContext(httpContext, Method.FullName, Options, encoding, timeout);
        Status status;
        try
        {
            await InvokeAsync(httpContext, context).ConfigureAwait(false);
            status = context.Status;
        }
        catch (Exception ex)
        {
            status = ToStatus(ex, context);
        }

        if (context.DeadlineExceeded)
        {
            status = new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }

        if (!context.ClientCancelled)
        {
            if (status.StatusCode != StatusCode.OK)
            {
                ServerLog.CallFailed(Logger, Method.FullName, status);
            }

            context.Complete(status);
        }

        context.Dispose();
    }

    protected abstract Task InvokeAsync(HttpContext httpContext, ServerCallContext context);

    /// <summary>Reads the one request message of a unary or server-streaming call.</summary>
    protected async ValueTask<TRequest> ReadSingleRequestAsync(HttpContext httpContext, ServerCallContext context)
    {
        var (request, compressed) = await MessageFraming.ReadFrameAsync(
            httpContext.Request.BodyReader, Method.RequestParser, context.RequestEncoding, Options.MaxReceiveMessageSize, context.CancellationToken)
            .ConfigureAwait(false);
        context.RequestMessageCompressed = compressed;
        return request ?? throw new RpcException(new Status(StatusCode.Internal, "The request stream ended before a request message arrived."));
    }

    private Status ToStatus(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException rpc:
                foreach (var entry in rpc.Trailers)
                {
                    context.ResponseTrailers.Add(entry);
                }

                return rpc.Status;
            case OperationCanceledException or IOException when context.CancellationToken.IsCancellationRequested:
                return context.DeadlineExceeded
                    ? new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.")
                    : new Status(StatusCode.Cancelled, "The call was cancelled.");
        }

        if (Options.ExceptionMapper?.Invoke(exception) is { } mapped)
        {
            return mapped;
        }

        ServerLog.HandlerFailed(Logger, Method.FullName, exception);
        return new Status(
            StatusCode.Unknown,
            Options.EnableDetailedErrors
                ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                : "Exception was thrown by handler.");
    }
}
