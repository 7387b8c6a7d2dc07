namespace TaskRpc.Grpc;

/// <summary>
/// Per-call options for <see cref="GrpcChannel"/> calls. <c>default</c> means no metadata, no
/// deadline, no cancellation and the channel's compression.
/// </summary>
public readonly record struct CallOptions
{
    /// <summary>Creates options with the most common settings.</summary>
    /// <param name="headers">Custom request metadata; null for none.</param>
    /// <param name="deadline">The UTC deadline; null for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public CallOptions(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>Custom request metadata sent as HTTP/2 headers (binary <c>-bin</c> keys as base64); default null (none).</summary>
    public Metadata? Headers { get; init; }

    /// <summary>
    /// The deadline in UTC (a local time is converted); default null (none). It is sent as
    /// grpc-timeout and enforced locally: the call ends with DEADLINE_EXCEEDED and is reset.
    /// </summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Cancels the call: it ends with CANCELLED and the stream is reset.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Write options for the request message of unary and server-streaming calls, and the initial
    /// <see cref="IAsyncStreamWriter{T}.WriteOptions"/> of request streams; default null.
    /// </summary>
    public WriteOptions? WriteOptions { get; init; }

    /// <summary>
    /// Overrides <see cref="GrpcChannelOptions.RequestCompression"/> for this call: "gzip",
    /// "deflate" or "identity"; default null (use the channel's setting).
    /// </summary>
    public string? RequestCompression { get; init; }
}
