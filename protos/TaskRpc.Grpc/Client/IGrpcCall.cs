namespace TaskRpc.Grpc.Client;

/// <summary>The type-independent view of a call that the public call objects expose.</summary>
internal interface IGrpcCall : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}
