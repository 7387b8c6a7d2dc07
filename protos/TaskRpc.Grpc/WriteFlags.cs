namespace TaskRpc.Grpc;

/// <summary>Per-message write flags.</summary>
[Flags]
public enum WriteFlags
{
    /// <summary>Defaults.</summary>
    None = 0,
    /// <summary>Send this message uncompressed even when the call compresses messages.</summary>
    NoCompress = 2,
}
