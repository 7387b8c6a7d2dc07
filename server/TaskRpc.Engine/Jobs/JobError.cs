namespace TaskRpc.Engine.Jobs;

/// <summary>Why a job (or one attempt of it) failed or was cancelled.</summary>
/// <param name="Code">A gRPC status code name, one of <see cref="JobErrorCodes"/>.</param>
/// <param name="Message">A human-readable message.</param>
/// <param name="Type">The exception type's full name when a handler threw; otherwise null.</param>
/// <param name="Details">The stack trace, only when <c>EngineOptions.DetailedErrors</c> is on; otherwise null.</param>
public sealed record JobError(string Code, string Message, string? Type = null, string? Details = null);
