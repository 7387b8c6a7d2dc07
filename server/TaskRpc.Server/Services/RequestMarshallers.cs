using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace TaskRpc.Server.Services;

/// <summary>
/// Request marshallers that turn a body protobuf cannot parse (corrupt, or nested past its recursion
/// limit) into INVALID_ARGUMENT "request is not a valid taskrpc.v1.SubmitRequest: …". grpc-dotnet
/// deserializes before interceptors run and answers any other exception from a marshaller with
/// UNKNOWN and an Error log entry with a stack trace, one per request: a client could flood the log.
/// An RpcException is answered with its status and logged by grpc-dotnet at Information only
/// (Grpc.AspNetCore.Server is at Warning by default). The wrapper adds a try/catch and one delegate
/// call per request, no allocation.
/// </summary>
internal static class RequestMarshallers
{
    /// <summary>A binder that hands <paramref name="inner"/> every method with its request marshaller wrapped.</summary>
    public static ServiceBinderBase Binder(ServiceBinderBase inner) => new WrappingBinder(inner);

    /// <summary>The method with <see cref="Wrap{T}"/> as its request marshaller; everything else unchanged.</summary>
    public static Method<TRequest, TResponse> Wrap<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class =>
        new(method.Type, method.ServiceName, method.Name, Wrap(method.RequestMarshaller), method.ResponseMarshaller);

    /// <summary>The marshaller with its deserializer's <see cref="InvalidProtocolBufferException"/> as INVALID_ARGUMENT.</summary>
    public static Marshaller<T> Wrap<T>(Marshaller<T> marshaller)
    {
        ArgumentNullException.ThrowIfNull(marshaller);
        var deserialize = marshaller.ContextualDeserializer;
        var prefix = $"request is not a valid {MessageName(typeof(T))}: ";
        return new Marshaller<T>(marshaller.ContextualSerializer, context =>
        {
            try
            {
                return deserialize(context);
            }
            catch (InvalidProtocolBufferException invalid)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, prefix + invalid.Message));
            }
        });
    }

    private static string MessageName(Type type) =>
        type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageDescriptor descriptor
            ? descriptor.FullName
            : type.Name;

    private sealed class WrappingBinder(ServiceBinderBase inner) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(Wrap(method), handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(Wrap(method), handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(Wrap(method), handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(Wrap(method), handler);
    }
}
