using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Executors.Processes;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tests.Processes;

public sealed class WorkerProtocolTests
{
    [Fact]
    public void ToResult_ThenPayloadOf_KeepsKindTypeUrlAndBytes()
    {
        var payloads = new[] { Payload.FromJson("""{"a":1}"""), Payload.FromBinary([1, 2, 3]), Payload.FromMessage("type.googleapis.com/x.Y", [9]) };

        foreach (var payload in payloads)
        {
            Assert.Equal(payload, WorkerProtocol.PayloadOf(WorkerProtocol.ToResult(5, payload).Result));
        }
    }

    [Fact]
    public void ToError_InvalidArgs_IsInvalidArgumentAndNotRetryable()
    {
        var error = WorkerProtocol.ToError(1, new InvalidSubmissionException("bad n"), cancelled: false).Error;
        var exception = WorkerProtocol.ToException(error);

        Assert.Equal((JobErrorCodes.InvalidArgument, "bad n", false), (exception.Error.Code, exception.Error.Message, exception.Retryable));
    }

    [Fact]
    public void ToError_HandlerException_KeepsTypeMessageAndStackAndIsRetryable()
    {
        var error = WorkerProtocol.ToError(1, new InvalidOperationException("boom"), cancelled: false).Error;
        var exception = WorkerProtocol.ToException(error);

        Assert.Equal((JobErrorCodes.Unknown, "System.InvalidOperationException", "boom", true), (exception.Error.Code, exception.Error.Type, exception.Error.Message, exception.Retryable));
        Assert.Contains("InvalidOperationException", exception.Error.Details, StringComparison.Ordinal);
    }

    [Fact]
    public void ToError_CancelledHandler_IsCancelledOnlyWhenItsTokenFired()
    {
        Assert.Equal(JobErrorCodes.Cancelled, WorkerProtocol.ToError(1, new OperationCanceledException(), cancelled: true).Error.Code);
        Assert.Equal(JobErrorCodes.Unknown, WorkerProtocol.ToError(1, new OperationCanceledException(), cancelled: false).Error.Code);
    }
}
