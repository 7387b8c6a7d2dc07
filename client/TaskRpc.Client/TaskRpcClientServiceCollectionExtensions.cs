using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskRpc.Client.Internal;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Client;

/// <summary>Registers <see cref="TaskRpcClient"/> in a service collection, on the gRPC client factory (Grpc.Net.ClientFactory).</summary>
public static class TaskRpcClientServiceCollectionExtensions
{
    /// <summary>
    /// The name of the gRPC client factory's <see cref="TaskService.TaskServiceClient"/> registration the
    /// registered <see cref="TaskRpcClient"/> calls through: configure it further (interceptors,
    /// handlers) with <c>services.AddGrpcClient&lt;TaskService.TaskServiceClient&gt;(GrpcClientName)</c>.
    /// </summary>
    public const string GrpcClientName = "TaskRpc";

    /// <summary>
    /// Registers one shared <see cref="TaskRpcClient"/> (a singleton, disposed with the container),
    /// configured by <paramref name="configure"/> and by any <c>Configure&lt;TaskRpcClientOptions&gt;</c>.
    /// Its channel comes from the gRPC client factory (registration <see cref="GrpcClientName"/>),
    /// with the same handler, keep-alive and message-size settings as a client made with <c>new</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; default null (the defaults: http://127.0.0.1:50051).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddTaskRpcClient(this IServiceCollection services, Action<TaskRpcClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TaskRpcClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddGrpcClient<TaskService.TaskServiceClient>(GrpcClientName, static (provider, factory) => factory.Address = OptionsOf(provider).Address)
            .ConfigureChannel(ClientChannel.Configure)
            .ConfigurePrimaryHttpMessageHandler(static provider => OptionsOf(provider) is var client && client.HttpHandler is { } handler
                ? handler
                : ClientChannel.CreateHandler(client));
        services.TryAddSingleton(static provider => new TaskRpcClient(
            OptionsOf(provider), provider.GetRequiredService<GrpcClientFactory>().CreateClient<TaskService.TaskServiceClient>(GrpcClientName)));
        return services;
    }

    private static TaskRpcClientOptions OptionsOf(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<TaskRpcClientOptions>>().Value.Validate();
}
