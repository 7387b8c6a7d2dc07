using System.Net.Security;

namespace TaskRpc.Client;

/// <summary>Settings of a <see cref="TaskRpcClient"/>. Every property states its default.</summary>
public sealed class TaskRpcClientOptions
{
    /// <summary>
    /// The server address: <c>http://</c> for cleartext HTTP/2 (h2c), <c>https://</c> for TLS.
    /// Default <c>http://127.0.0.1:50051</c>.
    /// </summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:50051");

    /// <summary>
    /// Custom metadata sent with every call, e.g. <c>authorization</c>; keys are lower-cased by
    /// HTTP/2. Default empty.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// An API key the server knows (<c>Auth:ApiKeys</c>), sent as <c>x-api-key</c> metadata with
    /// every call. At most one of this and <see cref="BearerToken"/>. Default null: none.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// A bearer token (a JWT, or an API key), sent as <c>authorization: Bearer TOKEN</c> metadata
    /// with every call. Default null: none.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// TLS settings for <c>https://</c> addresses, e.g. a certificate validation callback or a
    /// client certificate. Default null: the system's validation.
    /// </summary>
    public SslClientAuthenticationOptions? SslOptions { get; set; }

    /// <summary>
    /// The handler that sends the HTTP/2 requests (a test hook, or a proxy); not disposed by the
    /// client. Default null: the client creates its own.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>
    /// The deadline of short calls (submit, get, cancel, list), and the margin added to each
    /// long poll of an await. Default 30 seconds.
    /// </summary>
    public TimeSpan DefaultCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a transient failure (UNAVAILABLE, RESOURCE_EXHAUSTED, a broken progress stream)
    /// is retried in a row by awaits, waits, watches and submissions with an idempotency key
    /// before it is thrown. Default 5.
    /// </summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The wait before the first retry; it doubles on each one. Default 200 milliseconds.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between retries. Default 5 seconds.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><see cref="Headers"/> plus the credential's metadata, as sent with every call.</summary>
    internal IEnumerable<KeyValuePair<string, string>> CallHeaders()
    {
        foreach (var header in Headers)
        {
            yield return header;
        }

        if (!string.IsNullOrEmpty(ApiKey))
        {
            yield return new("x-api-key", ApiKey);
        }

        if (!string.IsNullOrEmpty(BearerToken))
        {
            yield return new("authorization", "Bearer " + BearerToken);
        }
    }

    internal TaskRpcClientOptions Validate()
    {
        if (!Address.IsAbsoluteUri || (Address.Scheme != Uri.UriSchemeHttp && Address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The address '{Address}' must be an absolute http:// or https:// URI.", nameof(Address));
        }

        if (ApiKey is not null && BearerToken is not null)
        {
            throw new ArgumentException("Set at most one of ApiKey and BearerToken.", nameof(ApiKey));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultCallTimeout, TimeSpan.Zero, nameof(DefaultCallTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBackoff, TimeSpan.Zero, nameof(RetryBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryBackoff, RetryBackoff, nameof(MaxRetryBackoff));
        return this;
    }
}
