using Grpc.Health.V1;

namespace TaskRpc.Grpc.Tests.Server.Infrastructure;

/// <summary>The grpc.health.v1.Health methods, as a client calls them.</summary>
public static class HealthMethods
{
    public static Method<HealthCheckRequest, HealthCheckResponse> Check { get; } =
        new(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));

    public static Method<HealthCheckRequest, HealthCheckResponse> Watch { get; } =
        new(HealthReflection.Descriptor.Services[0].FindMethodByName("Watch"));
}
