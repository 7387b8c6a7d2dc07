using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Tests.Internal;

public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc;charset=utf-8")]
    [InlineData("application/grpc+proto;charset=utf-8")]
    [InlineData("application/grpc; charset=utf-8")]
    [InlineData("Application/GRPC")]
    [InlineData("application/grpc+PROTO")]
    public void IsGrpcContentType_GrpcVariant_ReturnsTrue(string contentType)
    {
        Assert.True(GrpcProtocol.IsGrpcContentType(contentType));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/grpc+json")]
    [InlineData("application/grpc+")]
    [InlineData("application/grpc-web")]
    [InlineData("application/grpc-web+proto")]
    [InlineData("application/grpcx")]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/proto")]
    [InlineData(" application/grpc")]
    public void IsGrpcContentType_OtherType_ReturnsFalse(string? contentType)
    {
        Assert.False(GrpcProtocol.IsGrpcContentType(contentType));
    }

    [Theory]
    [InlineData("grpc-status", true)]
    [InlineData("Grpc-Message", true)]
    [InlineData(":path", true)]
    [InlineData("content-type", true)]
    [InlineData("te", true)]
    [InlineData("user-agent", true)]
    [InlineData("x-tenant", false)]
    [InlineData("authorization", false)]
    [InlineData("x-trace-bin", false)]
    public void IsReservedHeader_Name_ReturnsWhetherReserved(string name, bool expected)
    {
        Assert.Equal(expected, GrpcProtocol.IsReservedHeader(name));
    }
}
