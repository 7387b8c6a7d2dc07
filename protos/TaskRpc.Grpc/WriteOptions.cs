namespace TaskRpc.Grpc;

/// <summary>Options applied to messages written through a stream or call.</summary>
/// <param name="Flags">The flags; default none.</param>
public sealed record WriteOptions(WriteFlags Flags = WriteFlags.None);
