using System.Net;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>A response body that tells when it is disposed and can cut its gRPC message stream short.</summary>
internal sealed class ObservedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Action _disposed;
    private readonly int? _breakAfter;
    private int _disposedOnce;

    public ObservedContent(HttpContent inner, Action disposed, int? breakAfter)
    {
        _inner = inner;
        _disposed = disposed;
        _breakAfter = breakAfter;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        var stream = await _inner.ReadAsStreamAsync(cancellationToken);
        return _breakAfter is { } frames ? new FrameCuttingStream(stream, frames) : stream;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await (await CreateContentReadStreamAsync()).CopyToAsync(stream);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposedOnce, 1) == 0)
        {
            _disposed();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
