using Google.Protobuf.Reflection;
using Grpc.Health.V1;

namespace TaskRpc.Grpc.Health;

/// <summary>grpc.health.v1.Health over <see cref="HealthStatusRegistry"/>.</summary>
internal sealed class HealthService(HealthStatusRegistry registry) : IGrpcService
{
    public ServiceDescriptor Descriptor => HealthReflection.Descriptor.Services[0];

    public void Bind(ServiceBinder binder) => binder
        .Unary<HealthCheckRequest, HealthCheckResponse>("Check", Check)
        .ServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", WatchAsync);

    private ValueTask<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
        registry.TryGetStatus(request.Service, out var status)
            ? ValueTask.FromResult(new HealthCheckResponse { Status = status })
            : throw new RpcException(new Status(StatusCode.NotFound, $"Service '{request.Service}' is unknown to the health service."));

    private async Task WatchAsync(HealthCheckRequest request, IAsyncStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        await foreach (var status in registry.WatchAsync(request.Service, context.CancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
