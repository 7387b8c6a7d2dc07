using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace TaskRpc.Server.Services;

/// <summary>
/// Adds <see cref="ErrorInterceptor"/> to the options of every gRPC service the host maps
/// (<c>GrpcServiceOptions&lt;TService&gt;</c>, which grpc-dotnet reads for each mapped service,
/// including health's internal one) except <see cref="TaskService"/>, which maps its errors and
/// mirrors compression in its own methods. Registered as the open generic
/// <c>IConfigureOptions&lt;&gt;</c>, so it is also asked for every other options type, which it leaves alone.
/// </summary>
/// <typeparam name="TOptions">The options type being configured.</typeparam>
internal sealed class ErrorInterceptorSetup<TOptions> : IConfigureOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var type = options.GetType();
        if (options is GrpcServiceOptions grpcOptions && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(GrpcServiceOptions<>) && type.GenericTypeArguments[0] != typeof(TaskService))
        {
            grpcOptions.Interceptors.Add<ErrorInterceptor>();
        }
    }
}
