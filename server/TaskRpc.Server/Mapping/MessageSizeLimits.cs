using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskRpc.Engine;
using TaskRpc.Engine.Limits;

namespace TaskRpc.Server.Mapping;

/// <summary>
/// Ties the engine's job size limit to the server's message size: jobs are measured as the
/// encoded messages the service sends, and <see cref="EngineOptions.MaxJobSizeBytes"/> must leave
/// room for a response's envelope in <see cref="TaskRpcServerOptions.MaxMessageSize"/> (checked at start).
/// </summary>
internal sealed class MessageSizeLimits(int maxMessageSize) : IValidateOptions<EngineOptions>
{
    /// <summary>A response's bytes besides its one job (or a List page's jobs): field tags, lengths, the page token, Cancel's flag.</summary>
    public const int EnvelopeBytes = 1024;

    public static void Register(IServiceCollection services, int maxMessageSize)
    {
        services.Replace(ServiceDescriptor.Singleton<IJobSizer, ProtoJobSizer>());
        services.AddSingleton<IValidateOptions<EngineOptions>>(new MessageSizeLimits(maxMessageSize));
    }

    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (long)options.MaxJobSizeBytes + EnvelopeBytes <= maxMessageSize
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Engine:MaxJobSizeBytes ({options.MaxJobSizeBytes}) must be at least {EnvelopeBytes} bytes below Server:MaxMessageSize ({maxMessageSize}), " +
                "so every job the server accepts can be sent back.");
    }
}
