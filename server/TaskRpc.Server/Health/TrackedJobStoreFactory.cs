using Microsoft.Extensions.DependencyInjection;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Server.Health;

/// <summary>Creates the registered job store (by <paramref name="original"/>'s descriptor) wrapped in a <see cref="TrackedJobStore"/>.</summary>
internal sealed class TrackedJobStoreFactory(ServiceDescriptor original)
{
    /// <summary>Wraps the last registered <see cref="IJobStore"/> unless it is wrapped already.</summary>
    public static void Apply(IServiceCollection services)
    {
        var last = services.LastOrDefault(d => d.ServiceType == typeof(IJobStore) && !d.IsKeyedService);
        if (last is null || last.ImplementationFactory?.Target is TrackedJobStoreFactory)
        {
            return;
        }

        services.Remove(last);
        services.AddSingleton<IJobStore>(new TrackedJobStoreFactory(last).Create);
    }

    private IJobStore Create(IServiceProvider provider)
    {
        var tracker = provider.GetRequiredService<StoreWriteTracker>();
        if (original.ImplementationInstance is IJobStore instance)
        {
            return instance is ISharedJobStore sharedInstance
                ? new TrackedSharedJobStore(sharedInstance, tracker, ownsInner: false)
                : new TrackedJobStore(instance, tracker, ownsInner: false);
        }

        var inner = original.ImplementationFactory is { } factory
            ? (IJobStore)factory(provider)
            : (IJobStore)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!);
        return inner is ISharedJobStore shared
            ? new TrackedSharedJobStore(shared, tracker, ownsInner: true)
            : new TrackedJobStore(inner, tracker, ownsInner: true);
    }
}
