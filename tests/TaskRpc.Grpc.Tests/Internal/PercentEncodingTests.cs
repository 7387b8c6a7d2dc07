using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Tests.Internal;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain message", "plain message")]
    [InlineData("", "")]
    [InlineData("100%", "100%25")]
    [InlineData("é", "%C3%A9")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("a\nb\tc\r", "a%0Ab%09c%0D")]
    [InlineData("\0", "%00")]
    [InlineData("\u007F", "%7F")]
    [InlineData("~ !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}", "~ !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}")]
    public void Encode_Value_EncodesBytesOutsidePrintableAsciiAndPercent(string value, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Encode(value));
    }

    [Theory]
    [InlineData("%zz", "%zz")]
    [InlineData("100%", "100%")]
    [InlineData("%4", "%4")]
    [InlineData("%4g!", "%4g!")]
    [InlineData("a%20b%20c", "a b c")]
    [InlineData("Deadline%20exceeded.", "Deadline exceeded.")]
    [InlineData("%c3%a9", "é")]
    [InlineData("%C3%A9t%C3%A9", "été")]
    [InlineData("%%41", "%A")]
    [InlineData("no escapes", "no escapes")]
    [InlineData("mixed é%20é", "mixed é é")]
    public void Decode_Value_DecodesValidEscapesAndKeepsInvalidOnesLiteral(string value, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Decode(value));
    }

    [Theory]
    [InlineData("quota exceeded: 100% used ✓")]
    [InlineData("line1\nline2")]
    [InlineData("%20 is not a space here")]
    [InlineData("Ünïcödé and ASCII")]
    public void Encode_ThenDecode_RoundTrips(string value)
    {
        var encoded = PercentEncoding.Encode(value);

        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(value, PercentEncoding.Decode(encoded));
    }
}
