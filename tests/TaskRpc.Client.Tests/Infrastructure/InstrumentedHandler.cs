using System.Collections.Concurrent;
using System.Net;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>
/// The client's HTTP/2 handler with instruments and faults: counts calls per gRPC method and
/// the most calls in flight at once (from request to response disposal), records request
/// headers, and can answer the first call of a method with HTTP 503 or break the first
/// progress stream after some messages (an I/O error: the connection was lost).
/// </summary>
public sealed class InstrumentedHandler() : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _maxInFlight;
    private int _streamBreaks;

    /// <summary>Answer the first call of this method (e.g. "Submit") with HTTP 503, which gRPC reads as UNAVAILABLE.</summary>
    public string? Fail503Once { get; init; }

    /// <summary>Break the first StreamProgress stream after this many messages; null for never.</summary>
    public int? BreakStreamAfter { get; init; }

    /// <summary>The most calls that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>How many streams were broken.</summary>
    public int StreamBreaks => Volatile.Read(ref _streamBreaks);

    /// <summary>The request headers of the latest call.</summary>
    public HttpRequestMessage? LastRequest { get; private set; }

    /// <summary>How many calls of <paramref name="method"/> (e.g. "Submit") were sent.</summary>
    public int Calls(string method) => _calls.GetValueOrDefault(method);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.RequestUri!.Segments[^1];
        var count = _calls.AddOrUpdate(method, 1, static (_, n) => n + 1);
        LastRequest = request;
        if (method == Fail503Once && count == 1)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Version = HttpVersion.Version20, RequestMessage = request };
        }

        var now = Interlocked.Increment(ref _inFlight);
        UpdateMax(now);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }

        var breakAfter = method == "StreamProgress" && BreakStreamAfter is { } frames && Interlocked.CompareExchange(ref _streamBreaks, 1, 0) == 0
            ? frames
            : (int?)null;
        response.Content = new ObservedContent(response.Content, () => Interlocked.Decrement(ref _inFlight), breakAfter);
        return response;
    }

    private void UpdateMax(int now)
    {
        var max = Volatile.Read(ref _maxInFlight);
        while (now > max && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
            max = Volatile.Read(ref _maxInFlight);
        }
    }
}
