using Grpc.Health.V1;
using Grpc.Reflection.V1;
using TaskRpc.Grpc;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>The standard services' methods the tests call, built from the generated descriptors.</summary>
internal static class StandardMethods
{
    public static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthCheck =
        new(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));

    public static readonly Method<ServerReflectionRequest, ServerReflectionResponse> ServerReflectionInfo =
        new(ReflectionReflection.Descriptor.Services[0].FindMethodByName("ServerReflectionInfo"));
}
