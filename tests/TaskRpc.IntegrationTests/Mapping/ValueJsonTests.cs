using System.Text;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Server.Mapping;

namespace TaskRpc.IntegrationTests.Mapping;

/// <summary>ValueJson reuses one writer per thread: a write that failed or outgrew the kept buffer leaves nothing behind for the next.</summary>
public sealed class ValueJsonTests
{
    [Fact]
    public void ToUtf8_AfterAWriteThatFailedHalfway_WritesTheNextValueAlone()
    {
        var bad = Value.ForStruct(new Struct { Fields = { ["a"] = Value.ForString("x"), ["b"] = Value.ForNumber(double.NaN) } });

        Assert.Throws<ArgumentException>(() => ValueJson.ToUtf8(bad));

        Assert.Equal("""{"c":1}""", Encoding.UTF8.GetString(ValueJson.ToUtf8(Value.ForStruct(new Struct { Fields = { ["c"] = Value.ForNumber(1) } }))));
    }

    [Fact]
    public void ToUtf8_LargeThenSmallValues_EachRoundTrips()
    {
        var large = Value.ForString(new string('x', 100_000));
        var small = Value.ForList(Value.ForBool(true), Value.ForNull());

        foreach (var value in new[] { small, large, small, large, small })
        {
            Assert.Equal(value, ValueJson.Parse(ValueJson.ToUtf8(value)));
        }
    }
}
