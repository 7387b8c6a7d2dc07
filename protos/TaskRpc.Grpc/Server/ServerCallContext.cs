using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc;

/// <summary>The server side of one call: its metadata, deadline, cancellation and status.</summary>
public sealed class ServerCallContext
{
    private readonly HttpContext _httpContext;
    private readonly GrpcServerOptions _options;
    private readonly CancellationTokenSource? _deadlineSource;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private string? _responseCompression;
    private bool _headersPrepared;

    internal ServerCallContext(HttpContext httpContext, string method, GrpcServerOptions options, string? requestEncoding, TimeSpan timeout)
    {
        _httpContext = httpContext;
        _options = options;
        Method = method;
        RequestEncoding = requestEncoding;
        _responseCompression = options.ResponseCompressionAlgorithm;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            Deadline = DateTime.MaxValue;
            CancellationToken = httpContext.RequestAborted;
        }
        else
        {
            Deadline = DateTime.UtcNow + timeout;
            _deadlineSource = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
            _deadlineSource.CancelAfter(timeout);
            CancellationToken = _deadlineSource.Token;
        }
    }

    /// <summary>The method's path, e.g. <c>/taskrpc.v1.TaskService/Submit</c>.</summary>
    public string Method { get; }

    /// <summary>The client's address, e.g. <c>ipv4:127.0.0.1:51234</c>.</summary>
    public string Peer
    {
        get
        {
            var connection = _httpContext.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort}",
                var ip => $"ipv4:{ip}:{connection.RemotePort}",
            };
        }
    }

    /// <summary>When the call's deadline passes (UTC); <see cref="DateTime.MaxValue"/> when it has none.</summary>
    public DateTime Deadline { get; }

    /// <summary>Fires when the client cancels the call, the connection drops or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The custom metadata the client sent.</summary>
    public Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders();

    /// <summary>Metadata to send in the trailers with the status.</summary>
    public Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    /// <summary>The status to end the call with when the handler returns normally. Default OK.</summary>
    public Status Status { get; set; } = Status.DefaultSuccess;

    /// <summary>Options for the next response messages, e.g. <see cref="WriteFlags.NoCompress"/>.</summary>
    public WriteOptions? WriteOptions { get; set; }

    /// <summary>
    /// The encoding for response messages ("gzip", "deflate" or null for none), used only if the
    /// client accepts it. Set it before the first response is written. Default:
    /// <see cref="GrpcServerOptions.ResponseCompressionAlgorithm"/>.
    /// </summary>
    public string? ResponseCompression
    {
        get => _responseCompression;
        set
        {
            if (_headersPrepared)
            {
                throw new InvalidOperationException("Response compression must be chosen before the response headers are sent.");
            }

            if (value is not null && !MessageCompression.IsSupported(value))
            {
                throw new ArgumentException($"Unsupported compression '{value}': use gzip or deflate.", nameof(value));
            }

            _responseCompression = value;
        }
    }

    /// <summary>True when the last request message read was compressed.</summary>
    public bool RequestMessageCompressed { get; internal set; }

    internal string? RequestEncoding { get; }

    internal bool MessageWritten { get; private set; }

    internal bool DeadlineExceeded => _deadlineSource is { IsCancellationRequested: true } && !_httpContext.RequestAborted.IsCancellationRequested;

    internal bool ClientCancelled => _httpContext.RequestAborted.IsCancellationRequested;

    internal GrpcServerOptions Options => _options;

    /// <summary>The underlying ASP.NET Core request.</summary>
    public HttpContext GetHttpContext() => _httpContext;

    /// <summary>Sends the response headers now, with <paramref name="responseHeaders"/> added.</summary>
    /// <exception cref="InvalidOperationException">Headers were already sent.</exception>
    public async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        if (_httpContext.Response.HasStarted)
        {
            throw new InvalidOperationException("Response headers have already been sent.");
        }

        PrepareHeaders();
        foreach (var entry in responseHeaders)
        {
            _httpContext.Response.Headers.Append(entry.Key, MetadataHeaders.ToHeaderValue(entry));
        }

        await _httpContext.Response.StartAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one response message to the body without flushing.</summary>
    internal void WriteMessage(IMessage message)
    {
        PrepareHeaders();
        var noCompress = WriteOptions is { } options && (options.Flags & WriteFlags.NoCompress) != 0;
        var compression = noCompress ? null : _responseCompression;
        MessageFraming.WriteMessage(_httpContext.Response.BodyWriter, message, compression, _options.ResponseCompressionLevel, _options.MaxSendMessageSize);
        MessageWritten = true;
    }

    /// <summary>Ends the call: the status in trailers, or in headers when nothing was sent yet.</summary>
    internal void Complete(Status status)
    {
        var response = _httpContext.Response;
        if (!response.HasStarted && !MessageWritten)
        {
            // Trailers-only response.
            response.ContentType = GrpcProtocol.ContentType;
            var headers = response.Headers;
            headers.GrpcStatus = StatusCodeText.Get(status.StatusCode);
            if (!string.IsNullOrEmpty(status.Detail))
            {
                headers.GrpcMessage = PercentEncoding.Encode(status.Detail);
            }

            AppendTrailers(headers);
            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, StatusCodeText.Get(status.StatusCode));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, PercentEncoding.Encode(status.Detail));
        }

        if (_responseTrailers is not null)
        {
            foreach (var entry in _responseTrailers)
            {
                response.AppendTrailer(entry.Key, MetadataHeaders.ToHeaderValue(entry));
            }
        }
    }

    internal void Dispose() => _deadlineSource?.Dispose();

    private void AppendTrailers(IHeaderDictionary headers)
    {
        if (_responseTrailers is null)
        {
            return;
        }

        foreach (var entry in _responseTrailers)
        {
            headers.Append(entry.Key, MetadataHeaders.ToHeaderValue(entry));
        }
    }

    private void PrepareHeaders()
    {
        if (_headersPrepared)
        {
            return;
        }

        _headersPrepared = true;
        var response = _httpContext.Response;
        response.ContentType = GrpcProtocol.ContentType;
        if (_responseCompression is not null && ClientAccepts(_responseCompression))
        {
            response.Headers.GrpcEncoding = _responseCompression;
            response.Headers.GrpcAcceptEncoding = GrpcProtocol.AcceptEncodingValue;
        }
        else
        {
            _responseCompression = null;
        }
    }

    private bool ClientAccepts(string encoding)
    {
        foreach (var value in _httpContext.Request.Headers.GrpcAcceptEncoding)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.Equals(encoding, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private Metadata ReadRequestHeaders()
    {
        var metadata = new Metadata();
        foreach (var header in _httpContext.Request.Headers)
        {
            foreach (var value in header.Value)
            {
                MetadataHeaders.AddReceived(metadata, header.Key, value);
            }
        }

        return metadata;
    }
}
