using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using TaskRpc.Engine.Executors.Processes;
using TaskRpc.Engine.Executors.Processes.Protocol;

namespace TaskRpc.Engine.Tests.Processes;

public sealed class WorkerFramingTests
{
    [Fact]
    public void Write_ThenTryRead_RoundTripsEveryFrameAndIsCompatibleWithWriteDelimitedTo()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var first = new WorkerMessage { Ready = new Ready { Pid = 42 } };
        var second = new WorkerMessage { Run = new Run { RunId = 7, JobId = "j", Task = "demo.cpu", Args = ByteString.CopyFrom(new byte[300]) } };
        WorkerFraming.Write(buffer, first);
        WorkerFraming.Write(buffer, second);
        using var delimited = new MemoryStream();
        first.WriteDelimitedTo(delimited);
        second.WriteDelimitedTo(delimited);

        Assert.Equal(delimited.ToArray(), buffer.WrittenSpan.ToArray());
        var sequence = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        Assert.True(WorkerFraming.TryRead(ref sequence, out var frame1));
        Assert.Equal(first, WorkerMessage.Parser.ParseFrom(frame1));
        Assert.True(WorkerFraming.TryRead(ref sequence, out var frame2));
        Assert.Equal(second, WorkerMessage.Parser.ParseFrom(frame2));
        Assert.True(sequence.IsEmpty);
    }

    [Fact]
    public void TryRead_PartialFrame_ReturnsFalseAndLeavesTheBuffer()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WorkerFraming.Write(buffer, new WorkerMessage { Run = new Run { RunId = 1, Args = ByteString.CopyFrom(new byte[200]) } });

        for (var length = 0; length < buffer.WrittenCount; length++)
        {
            var sequence = new ReadOnlySequence<byte>(buffer.WrittenMemory[..length]);
            Assert.False(WorkerFraming.TryRead(ref sequence, out _));
            Assert.Equal(length, sequence.Length);
        }
    }

    [Fact]
    public void TryRead_OversizedLength_Throws()
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F });

        Assert.Throws<InvalidDataException>(() => WorkerFraming.TryRead(ref sequence, out _));
    }

    [Fact]
    public void TryRead_MalformedVarint_Throws()
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 });

        Assert.Throws<InvalidDataException>(() => WorkerFraming.TryRead(ref sequence, out _));
    }

    [Fact]
    public async Task WriterAndReader_OverAPipe_DeliverEveryMessageInOrderThenEndCleanly()
    {
        var pipe = new Pipe();
        var writer = new WorkerFrameWriter(pipe.Writer.AsStream());
        var reader = new WorkerFrameReader(pipe.Reader.AsStream());
        const int count = 1000;

        for (var i = 1; i <= count; i++)
        {
            Assert.True(writer.Send(new WorkerMessage { Cancel = new Cancel { RunId = (ulong)i } }));
        }

        writer.Complete();
        for (var i = 1; i <= count; i++)
        {
            var message = await reader.ReadAsync();
            Assert.Equal((ulong)i, message!.Cancel.RunId);
        }

        Assert.Null(await reader.ReadAsync());
        await writer.Completion;
        Assert.False(writer.Send(new WorkerMessage()));
    }

    [Fact]
    public async Task Reader_StreamEndsInsideAMessage_Throws()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WorkerFraming.Write(buffer, new WorkerMessage { Ready = new Ready { Pid = 12345 } });
        var reader = new WorkerFrameReader(new MemoryStream(buffer.WrittenSpan[..^1].ToArray()));

        await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadAsync());
    }
}
