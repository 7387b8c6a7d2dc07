using Grpc.Core;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace TaskRpc.Server.Services;

/// <summary>
/// How grpc-dotnet binds this service (found through the <see cref="BindServiceMethodAttribute"/>
/// on the class): the generated methods, each with a request marshaller that answers
/// INVALID_ARGUMENT for a body that is not the method's request message (<see cref="RequestMarshallers"/>).
/// </summary>
internal sealed partial class TaskService
{
    /// <summary>The service's descriptor: gRPC reflection looks it up on the type the attribute names.</summary>
    public static ServiceDescriptor Descriptor => Contracts.V1.TaskService.Descriptor;

    /// <summary>
    /// Binds the generated methods through <see cref="RequestMarshallers.Binder"/>. The parameter is the
    /// generated base type, so grpc-dotnet still finds each handler (and the endpoint metadata from
    /// its attributes) on this class by name.
    /// </summary>
    /// <param name="serviceBinder">grpc-dotnet's binder.</param>
    /// <param name="serviceImpl">The service, or null when grpc-dotnet only discovers the methods.</param>
    public static void BindService(ServiceBinderBase serviceBinder, Contracts.V1.TaskService.TaskServiceBase? serviceImpl) =>
        Contracts.V1.TaskService.BindService(RequestMarshallers.Binder(serviceBinder), serviceImpl);
}
