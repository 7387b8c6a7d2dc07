using Google.Protobuf;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Executors.Processes.Protocol;
using TaskRpc.Engine.Jobs;
using WirePayloadKind = TaskRpc.Engine.Executors.Processes.Protocol.PayloadKind;

namespace TaskRpc.Engine.Executors.Processes;

/// <summary>Conversions between the engine's types and the worker protocol's messages.</summary>
internal static class WorkerProtocol
{
    public static Run ToRun(ulong runId, JobInvocation invocation)
    {
        var context = invocation.Context;
        var run = new Run
        {
            RunId = runId,
            JobId = context.JobId,
            Task = invocation.TaskName,
            Attempt = context.Attempt,
            Args = UnsafeByteOperations.UnsafeWrap(invocation.Args.Data), // Payload bytes are immutable.
            ArgsKind = ToWire(invocation.Args.Kind),
            ArgsTypeUrl = invocation.Args.TypeUrl ?? string.Empty,
        };
        foreach (var label in context.Labels)
        {
            run.Labels.Add(label.Key, label.Value);
        }

        JobTracing.Propagate(run); // The attempt's span, when traced: the worker's handler span is its child.

        return run;
    }

    public static Payload ArgsOf(Run run) => ToPayload(run.Args, run.ArgsKind, run.ArgsTypeUrl);

    public static WorkerMessage ToResult(ulong runId, Payload payload) => new()
    {
        Result = new Result
        {
            RunId = runId,
            Data = UnsafeByteOperations.UnsafeWrap(payload.Data),
            Kind = ToWire(payload.Kind),
            TypeUrl = payload.TypeUrl ?? string.Empty,
        },
    };

    public static Payload PayloadOf(Result result) => ToPayload(result.Data, result.Kind, result.TypeUrl);

    /// <summary>A handler's failure as the worker reports it; the stack trace goes in details.</summary>
    public static WorkerMessage ToError(ulong runId, Exception error, bool cancelled) => new()
    {
        Error = new Error
        {
            RunId = runId,
            Code = error switch
            {
                InvalidSubmissionException => JobErrorCodes.InvalidArgument,
                OperationCanceledException when cancelled => JobErrorCodes.Cancelled,
                _ => JobErrorCodes.Unknown,
            },
            Type = error.GetType().FullName ?? string.Empty,
            Message = error.Message,
            Details = error.ToString(),
        },
    };

    /// <summary>A worker's error report as the exception the job's outcome is decided from.</summary>
    public static WorkerJobException ToException(Error error) => new(
        new JobError(error.Code, error.Message, error.Type.Length == 0 ? null : error.Type, error.Details.Length == 0 ? null : error.Details),
        retryable: error.Code != JobErrorCodes.InvalidArgument);

    private static Payload ToPayload(ByteString data, WirePayloadKind kind, string typeUrl) => kind switch
    {
        WirePayloadKind.Binary => Payload.FromBinary(data.Span),
        WirePayloadKind.Message => Payload.FromMessage(typeUrl, data.Span),
        _ => Payload.WrapJsonUtf8(data.ToByteArray()),
    };

    private static WirePayloadKind ToWire(Jobs.PayloadKind kind) => kind switch
    {
        Jobs.PayloadKind.Binary => WirePayloadKind.Binary,
        Jobs.PayloadKind.Message => WirePayloadKind.Message,
        _ => WirePayloadKind.Json,
    };
}
