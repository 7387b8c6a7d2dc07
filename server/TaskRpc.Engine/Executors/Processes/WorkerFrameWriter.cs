using System.IO.Pipelines;
using System.Threading.Channels;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>
/// Writes frames to a stream from one loop: everything queued meanwhile is written, then flushed
/// once, so a burst of messages costs one write system call. Completing it (or a write failure,
/// such as the other side having gone) closes the stream.
/// </summary>
internal sealed class WorkerFrameWriter
{
    private readonly Channel<IOutgoingFrame> _queue = Channel.CreateUnbounded<IOutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly PipeWriter _writer;

    public WorkerFrameWriter(Stream stream)
    {
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: false));
        Completion = Task.Run(WriteLoopAsync);
    }

    /// <summary>Completes when the stream is closed: after <see cref="Complete"/>, or when a write failed.</summary>
    public Task Completion { get; }

    /// <summary>Queues a frame; false when the writer is closed.</summary>
    public bool Send(IOutgoingFrame frame) => _queue.Writer.TryWrite(frame);

    /// <summary>Writes what is queued, then closes the stream.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task WriteLoopAsync()
    {
        Exception? failure = null;
        try
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    if (frame.Take() is { } message)
                    {
                        WorkerFraming.Write(_writer, message);
                    }
                }

                var flushed = await _writer.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    break;
                }
            }
        }
#pragma warning disable CA1031 // A broken pipe means the other side is gone; the owner learns it from its reader.
        catch (Exception error)
#pragma warning restore CA1031
        {
            failure = error;
        }
        finally
        {
            _queue.Writer.TryComplete();
        }

        try
        {
            await _writer.CompleteAsync(failure).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Closing a pipe whose reader is gone.
        }
    }
}
