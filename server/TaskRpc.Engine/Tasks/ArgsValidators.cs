using System.Reflection;

namespace TaskRpc.Engine.Tasks;

/// <summary>The <see cref="IArgsValidator{TArgs}"/> of a handler type, as a delegate, or null when it has none.</summary>
internal static class ArgsValidators
{
    private static readonly MethodInfo ForHandler = typeof(ArgsValidators).GetMethod(nameof(Of), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Delegate? Find(Type handlerType, Type argsType) =>
        typeof(IArgsValidator<>).MakeGenericType(argsType).IsAssignableFrom(handlerType)
            ? (Delegate)ForHandler.MakeGenericMethod(handlerType, argsType).Invoke(null, null)!
            : null;

    private static Func<TArgs, string?> Of<THandler, TArgs>()
        where THandler : IArgsValidator<TArgs> => THandler.ValidateArgs;
}
