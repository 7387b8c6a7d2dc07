using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace TaskRpc.Grpc;

/// <summary>
/// Describes one gRPC method: its shape, its name and the protobuf message types it carries.
/// Build it from the generated descriptor with <see cref="Method{TRequest, TResponse}(MethodDescriptor)"/>.
/// </summary>
/// <typeparam name="TRequest">The request message.</typeparam>
/// <typeparam name="TResponse">The response message.</typeparam>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    /// <summary>Describes a method by hand.</summary>
    public Method(MethodType type, string serviceName, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Type = type;
        ServiceName = serviceName;
        Name = name;
        FullName = "/" + serviceName + "/" + name;
    }

    /// <summary>The method's shape.</summary>
    public MethodType Type { get; }

    /// <summary>The fully qualified service name, e.g. <c>taskrpc.v1.TaskService</c>.</summary>
    public string ServiceName { get; }

    /// <summary>The method name, e.g. <c>Submit</c>.</summary>
    public string Name { get; }

    /// <summary>The HTTP/2 path, e.g. <c>/taskrpc.v1.TaskService/Submit</c>.</summary>
    public string FullName { get; }

    /// <summary>Parses request messages.</summary>
    public MessageParser<TRequest> RequestParser { get; } = new(static () => new TRequest());

    /// <summary>Parses response messages.</summary>
    public MessageParser<TResponse> ResponseParser { get; } = new(static () => new TResponse());

    /// <summary>
    /// Describes a method from its generated descriptor, checking that the message types agree
    /// with it; the shape comes from the descriptor.
    /// </summary>
    /// <exception cref="ArgumentException">The types do not match the descriptor.</exception>
    public Method(MethodDescriptor descriptor)
        : this(TypeOf(descriptor), descriptor.Service.FullName, descriptor.Name)
    {
    }

    private static MethodType TypeOf(MethodDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{descriptor.FullName} takes {descriptor.InputType.ClrType?.Name} and returns {descriptor.OutputType.ClrType?.Name}, " +
                $"not {typeof(TRequest).Name} and {typeof(TResponse).Name}.",
                nameof(descriptor));
        }

        return (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
    }
}
