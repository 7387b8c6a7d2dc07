using System.Net;

namespace TaskRpc.IntegrationTests.Transport;

/// <summary>A request body that sends <paramref name="start"/> and then never completes (a slowloris client); it ends only when the request is torn down.</summary>
internal sealed class NeverEndingContent(byte[] start) : HttpContent
{
    private readonly TaskCompletionSource _torn = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the transport cancelled the body (the stream or connection was reset).</summary>
    public Task Torn => _torn.Task;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(start, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        try
        {
            await new TaskCompletionSource().Task.WaitAsync(cancellationToken); // Never sends the rest.
        }
        finally
        {
            _torn.TrySetResult();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
