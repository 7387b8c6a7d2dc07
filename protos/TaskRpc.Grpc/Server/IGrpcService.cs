using Google.Protobuf.Reflection;

namespace TaskRpc.Grpc;

/// <summary>
/// A gRPC service implementation. Register it with
/// <c>services.AddGrpcService&lt;T&gt;()</c>; it is a singleton, and its methods are bound once
/// at start-up with one typed line per method.
/// </summary>
public interface IGrpcService
{
    /// <summary>The generated descriptor of the service implemented, e.g. <c>TestReflection.Descriptor.Services[0]</c>.</summary>
    ServiceDescriptor Descriptor { get; }

    /// <summary>Binds the implemented methods; methods left unbound answer UNIMPLEMENTED.</summary>
    void Bind(ServiceBinder binder);
}
