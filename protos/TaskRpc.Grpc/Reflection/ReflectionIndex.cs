using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace TaskRpc.Grpc.Reflection;

/// <summary>
/// What server reflection knows: the services added to the server, their files with every
/// transitive dependency, and the symbols those files declare. Built on first use, since the
/// reflection services are themselves among the services it describes.
/// </summary>
internal sealed class ReflectionIndex(IServiceProvider services)
{
    private readonly Lazy<Snapshot> _snapshot = new(() => Build(services.GetServices<IGrpcService>()));

    public IReadOnlyList<string> ServiceNames => _snapshot.Value.ServiceNames;

    public FileDescriptor? FindFile(string fileName) =>
        _snapshot.Value.Files.TryGetValue(fileName, out var file) ? file : null;

    public FileDescriptor? FindFileContainingSymbol(string symbol) =>
        _snapshot.Value.Symbols.TryGetValue(symbol, out var file) ? file : null;

    /// <summary><paramref name="file"/> first, then its transitive dependencies, each once.</summary>
    public static List<ByteString> WithDependencies(FileDescriptor file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ByteString>();
        var pending = new Stack<FileDescriptor>();
        pending.Push(file);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next.Name))
            {
                continue;
            }

            result.Add(next.SerializedData);
            foreach (var dependency in next.Dependencies)
            {
                pending.Push(dependency);
            }
        }

        return result;
    }

    private static Snapshot Build(IEnumerable<IGrpcService> grpcServices)
    {
        var names = new List<string>();
        var files = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
        var symbols = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
        foreach (var service in grpcServices)
        {
            names.Add(service.Descriptor.FullName);
            AddFile(service.Descriptor.File, files, symbols);
        }

        names.Sort(StringComparer.Ordinal);
        return new Snapshot(names, files, symbols);
    }

    private static void AddFile(FileDescriptor file, Dictionary<string, FileDescriptor> files, Dictionary<string, FileDescriptor> symbols)
    {
        if (!files.TryAdd(file.Name, file))
        {
            return;
        }

        foreach (var service in file.Services)
        {
            symbols.TryAdd(service.FullName, file);
            foreach (var method in service.Methods)
            {
                symbols.TryAdd(method.FullName, file);
            }
        }

        foreach (var message in file.MessageTypes)
        {
            AddMessage(message, file, symbols);
        }

        foreach (var enumType in file.EnumTypes)
        {
            symbols.TryAdd(enumType.FullName, file);
        }

        foreach (var dependency in file.Dependencies)
        {
            AddFile(dependency, files, symbols);
        }
    }

    private static void AddMessage(MessageDescriptor message, FileDescriptor file, Dictionary<string, FileDescriptor> symbols)
    {
        symbols.TryAdd(message.FullName, file);
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            symbols.TryAdd(field.FullName, file);
        }

        foreach (var nested in message.NestedTypes)
        {
            AddMessage(nested, file, symbols);
        }

        foreach (var enumType in message.EnumTypes)
        {
            symbols.TryAdd(enumType.FullName, file);
        }
    }

    private sealed record Snapshot(
        List<string> ServiceNames, Dictionary<string, FileDescriptor> Files, Dictionary<string, FileDescriptor> Symbols);
}
