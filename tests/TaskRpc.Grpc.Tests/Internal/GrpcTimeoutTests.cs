using TaskRpc.Grpc.Internal;

namespace TaskRpc.Grpc.Tests.Internal;

public sealed class GrpcTimeoutTests
{
    public static TheoryData<string, TimeSpan> Units => new()
    {
        { "2H", TimeSpan.FromHours(2) },
        { "3M", TimeSpan.FromMinutes(3) },
        { "4S", TimeSpan.FromSeconds(4) },
        { "200m", TimeSpan.FromMilliseconds(200) },
        { "5u", TimeSpan.FromMicroseconds(5) },
        { "700n", TimeSpan.FromTicks(7) },
        { "1n", TimeSpan.FromTicks(1) },
        { "150n", TimeSpan.FromTicks(2) },
        { "0S", TimeSpan.Zero },
        { "00000001S", TimeSpan.FromSeconds(1) },
        { "99999999m", TimeSpan.FromMilliseconds(99_999_999) },
        { "1128H", TimeSpan.FromHours(1128) },
    };

    [Theory]
    [MemberData(nameof(Units))]
    public void TryParse_EveryUnit_ReturnsTimeout(string value, TimeSpan expected)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(expected, timeout);
    }

    [Theory]
    [InlineData("99999999H")]
    [InlineData("99999999M")]
    [InlineData("99999999S")]
    [InlineData("1176H")]
    public void TryParse_BeyondMaximum_ReturnsInfinite(string value)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(Timeout.InfiniteTimeSpan, timeout);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("10s")]
    [InlineData("10h")]
    [InlineData("-1S")]
    [InlineData("+1S")]
    [InlineData(" 1S")]
    [InlineData("1 S")]
    [InlineData("1.5S")]
    [InlineData("1e3m")]
    [InlineData("123456789S")]
    [InlineData("１S")]
    public void TryParse_Malformed_ReturnsFalse(string? value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(Timeout.InfiniteTimeSpan, timeout);
    }

    public static TheoryData<TimeSpan, string> Formats => new()
    {
        { TimeSpan.FromMilliseconds(200), "200000u" },
        { TimeSpan.FromTicks(1), "1u" },
        { TimeSpan.Zero, "0u" },
        { TimeSpan.FromSeconds(-5), "0u" },
        { TimeSpan.FromSeconds(100), "100000m" },
        { TimeSpan.FromHours(30), "108000S" },
        { TimeSpan.FromDays(2000), "2880000M" },
        { TimeSpan.MaxValue, "99999999H" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Format_Timeout_UsesFinestUnitWithinEightDigits(TimeSpan timeout, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Format(timeout));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(10L)]
    [InlineData(12_345_678L)]
    [InlineData(TimeSpan.TicksPerSecond * 90)]
    [InlineData(TimeSpan.TicksPerHour * 5 + 3)]
    [InlineData(TimeSpan.TicksPerDay * 40)]
    public void Format_ThenTryParse_RoundTripsNeverShorter(long ticks)
    {
        var timeout = TimeSpan.FromTicks(ticks);

        var text = GrpcTimeout.Format(timeout);

        Assert.InRange(text.Length, 2, 9);
        Assert.True(GrpcTimeout.TryParse(text, out var parsed), text);
        Assert.True(parsed >= timeout, $"{text} parsed as {parsed}, shorter than {timeout}");
        Assert.True(parsed - timeout < TimeSpan.FromTicks(Math.Max(10, ticks / 1_000_000)), $"{text} parsed as {parsed}, far from {timeout}");
    }

    [Fact]
    public void Format_BeyondMaximum_ParsesAsNoDeadline()
    {
        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(TimeSpan.FromDays(5000)), out var parsed));
        Assert.Equal(Timeout.InfiniteTimeSpan, parsed);
    }
}
