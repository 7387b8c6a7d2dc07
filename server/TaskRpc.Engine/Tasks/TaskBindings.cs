using Microsoft.Extensions.DependencyInjection;

namespace TaskRpc.Engine.Tasks;

/// <summary>Makes the <see cref="ITaskBinding"/> of a registration (shared by the server's registry and worker processes).</summary>
internal static class TaskBindings
{
    public static ITaskBinding Create(TaskRegistration registration, IServiceScopeFactory scopes)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var bindingType = typeof(TaskBinding<,,>).MakeGenericType(registration.HandlerType, registration.ArgsType, registration.ResultType);
        var validator = ArgsValidators.Find(registration.HandlerType, registration.ArgsType);
        return (ITaskBinding)Activator.CreateInstance(bindingType, registration.Name, scopes, validator)!;
    }
}
