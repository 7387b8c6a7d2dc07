using Google.Protobuf.Reflection;
using Grpc.Testing;
using TaskRpc.Grpc;

namespace TaskRpc.Interop.Tests.CSharpClient;

/// <summary>The grpc.testing methods, built from the generated descriptors.</summary>
internal static class InteropMethods
{
    private static readonly ServiceDescriptor TestService = FindService("TestService");
    private static readonly ServiceDescriptor UnimplementedServiceDescriptor = FindService("UnimplementedService");

    public static readonly Method<Empty, Empty> EmptyCall = new(TestService.FindMethodByName("EmptyCall"));
    public static readonly Method<SimpleRequest, SimpleResponse> UnaryCall = new(TestService.FindMethodByName("UnaryCall"));
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        new(TestService.FindMethodByName("StreamingOutputCall"));
    public static readonly Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall =
        new(TestService.FindMethodByName("StreamingInputCall"));
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall =
        new(TestService.FindMethodByName("FullDuplexCall"));
    public static readonly Method<Empty, Empty> UnimplementedCall = new(TestService.FindMethodByName("UnimplementedCall"));
    public static readonly Method<Empty, Empty> UnimplementedServiceCall =
        new(UnimplementedServiceDescriptor.FindMethodByName("UnimplementedCall"));

    private static ServiceDescriptor FindService(string name)
    {
        foreach (var service in TestReflection.Descriptor.Services)
        {
            if (service.Name == name)
            {
                return service;
            }
        }

        throw new InvalidOperationException($"grpc.testing.{name} is not in test.proto.");
    }
}
