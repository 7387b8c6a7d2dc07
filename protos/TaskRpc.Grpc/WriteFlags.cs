namespace TaskRpc.Grpc;

/// <summary>Per-message write flags.</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The name grpc-dotnet users know.")]
public enum WriteFlags
{
    /// <summary>Defaults.</summary>
    None = 0,
    /// <summary>Send this message uncompressed even when the call compresses messages.</summary>
    NoCompress = 2,
}
