using Grpc.Testing;

namespace TaskRpc.Grpc.Tests.Client;

/// <summary>Hand-built methods for the raw test endpoint.</summary>
internal static class ClientTestMethods
{
    public static readonly Method<SimpleRequest, SimpleResponse> Unary = new(MethodType.Unary, "test.Service", "Unary");

    public static readonly Method<SimpleRequest, SimpleResponse> ServerStreaming = new(MethodType.ServerStreaming, "test.Service", "ServerStreaming");

    public static readonly Method<SimpleRequest, SimpleResponse> Duplex = new(MethodType.DuplexStreaming, "test.Service", "Duplex");

    /// <summary>A deadline far enough away never to fire in a passing test.</summary>
    public static CallOptions WithDeadline(Metadata? headers = null, CancellationToken cancellationToken = default) =>
        new(headers, DateTime.UtcNow.AddSeconds(30), cancellationToken);
}
