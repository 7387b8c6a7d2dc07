using System.IO.Pipelines;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Client;

/// <summary>
/// The call's start: the deadline and the caller's token armed, the HTTP/2 request sent, and the
/// response headers validated (a trailers-only or non-gRPC response finishes the call here).
/// </summary>
internal sealed partial class GrpcCall<TRequest, TResponse>
{
    private void Send(HttpContent content)
    {
        TimeSpan? timeout = null;
        if (_options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            var remaining = (deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline) - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                content.Dispose();
                Finish(DeadlineStatus);
                return;
            }

            if (remaining < GrpcTimeout.Max)
            {
                timeout = remaining;
            }
        }

        var request = GrpcRequestFactory.Create(Channel, _method.FullName, _options.Headers, RequestCompression, timeout, content);
        lock (_lock)
        {
            if (_status is not null)
            {
                request.Dispose();
                return;
            }

            _request = request;
        }

        if (_options.CancellationToken.CanBeCanceled)
        {
            _cancellationRegistration = _options.CancellationToken.UnsafeRegister(
                static state => ((GrpcCall<TRequest, TResponse>)state!).Finish(CancelledStatus), this);
        }

        if (timeout is { } due)
        {
            _deadlineTimer = new Timer(
                static state => ((GrpcCall<TRequest, TResponse>)state!).Finish(DeadlineStatus), this, due, Timeout.InfiniteTimeSpan);
            lock (_lock)
            {
                if (_status is not null)
                {
                    _deadlineTimer.Dispose();
                }
            }
        }

        _headersTask = ReceiveHeadersAsync(request);
    }

    private async Task<bool> ReceiveHeadersAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        Stream stream;
        if (_cts.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            response = await Channel.Invoker.SendAsync(request, _cts.Token).ConfigureAwait(false);
            stream = await response.Content.ReadAsStreamAsync(_cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Finish(ClientErrorMapping.FromException(ex), cause: ex);
            return false;
        }

        lock (_lock)
        {
            if (_status is not null)
            {
                response.Dispose();
                return false;
            }

            _response = response;
        }

        var headers = ResponseHeaderReader.ReadMetadata(response.Headers);
        if (ResponseHeaderReader.Validate(response, out var trailersOnly) is { } status)
        {
            if (trailersOnly && status.StatusCode == StatusCode.OK)
            {
                _headers.TrySetResult(headers);
            }

            Finish(status, trailersOnly ? headers : null);
            return false;
        }

        _responseEncoding = ResponseHeaderReader.ReadEncoding(response);
        _body = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _headers.TrySetResult(headers);
        return true;
    }
}
