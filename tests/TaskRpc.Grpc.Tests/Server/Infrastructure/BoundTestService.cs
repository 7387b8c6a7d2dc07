using Google.Protobuf.Reflection;
using Grpc.Testing;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>grpc.testing.TestService with whatever handlers a test binds; unbound methods answer UNIMPLEMENTED.</summary>
public sealed class BoundTestService(Action<ServiceBinder> bind) : IGrpcService
{
    public ServiceDescriptor Descriptor => TestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("TestService");

    public void Bind(ServiceBinder binder) => bind(binder);
}
