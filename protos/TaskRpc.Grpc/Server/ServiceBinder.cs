using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TaskRpc.Grpc.Server.Internal;

namespace TaskRpc.Grpc;

/// <summary>
/// Binds the methods of one service, one typed line each, checked against the service's
/// descriptor at start-up: <c>binder.Unary&lt;GetJobRequest, Job&gt;("Get", GetAsync)</c>.
/// </summary>
public sealed class ServiceBinder
{
    private readonly ServiceDescriptor _descriptor;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly List<KeyValuePair<string, RequestDelegate>> _methods = [];

    internal ServiceBinder(ServiceDescriptor descriptor, GrpcServerOptions options, ILogger logger)
    {
        _descriptor = descriptor;
        _options = options;
        _logger = logger;
    }

    internal IReadOnlyList<KeyValuePair<string, RequestDelegate>> Methods => _methods;

    /// <summary>Binds a unary method.</summary>
    public ServiceBinder Unary<TRequest, TResponse>(string name, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Describe<TRequest, TResponse>(name, MethodType.Unary);
        return Add(method.FullName, new UnaryServerCallHandler<TRequest, TResponse>(method, handler, _options, _logger).HandleAsync);
    }

    /// <summary>Binds a server-streaming method.</summary>
    public ServiceBinder ServerStreaming<TRequest, TResponse>(string name, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Describe<TRequest, TResponse>(name, MethodType.ServerStreaming);
        return Add(method.FullName, new ServerStreamingServerCallHandler<TRequest, TResponse>(method, handler, _options, _logger).HandleAsync);
    }

    /// <summary>Binds a client-streaming method.</summary>
    public ServiceBinder ClientStreaming<TRequest, TResponse>(string name, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Describe<TRequest, TResponse>(name, MethodType.ClientStreaming);
        return Add(method.FullName, new ClientStreamingServerCallHandler<TRequest, TResponse>(method, handler, _options, _logger).HandleAsync);
    }

    /// <summary>Binds a bidirectional-streaming method.</summary>
    public ServiceBinder DuplexStreaming<TRequest, TResponse>(string name, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Describe<TRequest, TResponse>(name, MethodType.DuplexStreaming);
        return Add(method.FullName, new DuplexStreamingServerCallHandler<TRequest, TResponse>(method, handler, _options, _logger).HandleAsync);
    }

    private Method<TRequest, TResponse> Describe<TRequest, TResponse>(string name, MethodType expected)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var descriptor = _descriptor.FindMethodByName(name)
            ?? throw new ArgumentException($"Service {_descriptor.FullName} has no method '{name}'.", nameof(name));
        var method = new Method<TRequest, TResponse>(descriptor);
        if (method.Type != expected)
        {
            throw new ArgumentException($"{descriptor.FullName} is a {method.Type} method, not {expected}.", nameof(name));
        }

        return method;
    }

    private ServiceBinder Add(string path, RequestDelegate handler)
    {
        foreach (var existing in _methods)
        {
            if (existing.Key == path)
            {
                throw new InvalidOperationException($"{path} is bound twice.");
            }
        }

        _methods.Add(new KeyValuePair<string, RequestDelegate>(path, handler));
        return this;
    }
}
