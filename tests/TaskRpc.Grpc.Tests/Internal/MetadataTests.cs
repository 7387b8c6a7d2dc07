using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Tests.Internal;

public sealed class MetadataTests
{
    [Theory]
    [InlineData("x-tenant", "x-tenant")]
    [InlineData("X-Tenant", "x-tenant")]
    [InlineData("a.b_c-d0", "a.b_c-d0")]
    [InlineData("grpcx-key", "grpcx-key")]
    public void Add_ValidKey_StoresItInLowerCase(string key, string expected)
    {
        var metadata = new Metadata().Add(key, "v");

        Assert.Equal(expected, Assert.Single(metadata).Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x tenant")]
    [InlineData("x:tenant")]
    [InlineData(":path")]
    [InlineData("x/tenant")]
    [InlineData("clé")]
    [InlineData("x@y")]
    public void Add_InvalidKey_Throws(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Metadata().Add(key, "v"));
    }

    [Theory]
    [InlineData("grpc-status")]
    [InlineData("grpc-timeout")]
    [InlineData("GRPC-Custom")]
    [InlineData("grpc-custom-bin")]
    public void Add_ReservedGrpcKey_Throws(string key)
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add(key, "v"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add(key, [1]));
    }

    [Fact]
    public void Add_BinaryKeyWithStringValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-trace-bin", "text"));
    }

    [Fact]
    public void Add_AsciiKeyWithBytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-trace", [1, 2]));
    }

    [Theory]
    [InlineData("é")]
    [InlineData("line\nbreak")]
    [InlineData("\u007F")]
    public void Add_NonPrintableAsciiValue_Throws(string value)
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-key", value));
    }

    [Fact]
    public void Entry_BinaryAndAscii_ExposeOnlyTheirOwnValue()
    {
        var metadata = new Metadata().Add("x-text", "hello").Add("X-Data-Bin", [1, 2, 3]);

        Assert.Equal("hello", metadata.GetValue("x-text"));
        Assert.False(metadata[0].IsBinary);
        Assert.Throws<InvalidOperationException>(() => metadata[0].ValueBytes);
        Assert.True(metadata[1].IsBinary);
        Assert.Equal([1, 2, 3], metadata.GetValueBytes("x-data-bin"));
        Assert.Throws<InvalidOperationException>(() => metadata[1].Value);
    }

    [Fact]
    public void GetAll_RepeatedKey_ReturnsEveryValueInOrderCaseInsensitively()
    {
        var metadata = new Metadata().Add("x-k", "1").Add("x-other", "o").Add("X-K", "2");

        Assert.Equal(["1", "2"], metadata.GetAll("X-k").Select(entry => entry.Value));
        Assert.Equal("1", metadata.GetValue("X-K"));
        Assert.Null(metadata.Get("x-missing"));
    }

    [Fact]
    public void ToHeaderValue_BinaryEntry_IsUnpaddedBase64()
    {
        var entry = new Metadata.Entry("x-data-bin", [0xFB, 0xFF]);

        Assert.Equal("+/8", MetadataHeaders.ToHeaderValue(entry));
    }

    [Theory]
    [InlineData("+/8=")]
    [InlineData("+/8")]
    [InlineData("-_8")]
    public void AddReceived_BinaryHeaderInAnyBase64Form_DecodesBytes(string value)
    {
        var metadata = new Metadata();

        MetadataHeaders.AddReceived(metadata, "x-data-bin", value);

        Assert.Equal([0xFB, 0xFF], metadata.GetValueBytes("x-data-bin"));
    }

    [Fact]
    public void AddReceived_CommaSeparatedBinaryValues_AddsOneEntryEach()
    {
        var metadata = new Metadata();

        MetadataHeaders.AddReceived(metadata, "x-data-bin", "AQ==, AgM");

        Assert.Equal([[1], [2, 3]], metadata.GetAll("x-data-bin").Select(entry => entry.ValueBytes));
    }

    [Theory]
    [InlineData("grpc-status")]
    [InlineData("content-type")]
    [InlineData(":authority")]
    [InlineData("te")]
    public void AddReceived_ReservedHeader_IsSkipped(string name)
    {
        var metadata = new Metadata();

        MetadataHeaders.AddReceived(metadata, name, "x");

        Assert.Empty(metadata);
    }
}
