using System.Buffers;
using System.IO.Pipelines;
using TaskRpc.Engine.Executors.Processes.Protocol;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>Reads length-delimited <see cref="WorkerMessage"/>s from a stream (one reader at a time).</summary>
internal sealed class WorkerFrameReader
{
    private readonly PipeReader _reader;

    public WorkerFrameReader(Stream stream) =>
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: false));

    /// <summary>The next message; null when the stream ended cleanly between messages.</summary>
    /// <exception cref="InvalidDataException">The stream ended inside a message, or a frame is malformed.</exception>
    public async ValueTask<WorkerMessage?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (WorkerFraming.TryRead(ref buffer, out var frame))
            {
                var message = WorkerMessage.Parser.ParseFrom(frame);
                _reader.AdvanceTo(buffer.Start);
                return message;
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                var partial = !buffer.IsEmpty;
                _reader.AdvanceTo(buffer.End);
                return partial ? throw new InvalidDataException("The worker stream ended inside a message.") : null;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Stops reading and closes the stream.</summary>
    public ValueTask CompleteAsync() => _reader.CompleteAsync();
}
