namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>One length-prefixed message as it was on the wire.</summary>
/// <param name="Flag">The compressed-flag byte.</param>
/// <param name="Payload">The payload bytes, still compressed when <paramref name="Flag"/> is 1.</param>
public sealed record GrpcFrame(byte Flag, byte[] Payload);
