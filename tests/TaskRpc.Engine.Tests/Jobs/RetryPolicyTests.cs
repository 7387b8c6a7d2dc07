using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tests.Jobs;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 0.0, 1000)]
    [InlineData(2, 0.0, 2000)]
    [InlineData(3, 0.0, 4000)]
    [InlineData(3, 1.0, 3200)]
    [InlineData(20, 0.0, 10_000)]
    public void ComputeBackoff_Attempt_IsExponentialCappedAndJittered(int failedAttempt, double random, int expectedMs)
    {
        var policy = new RetryPolicy { MaxAttempts = 5, InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), policy.ComputeBackoff(failedAttempt, random));
    }

    [Fact]
    public void Validate_OutOfRange_SaysWhy()
    {
        Assert.Null(new RetryPolicy().Validate());
        Assert.Contains("max_attempts", new RetryPolicy { MaxAttempts = 101 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("jitter", new RetryPolicy { Jitter = 1.5 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("multiplier", new RetryPolicy { Multiplier = 0.5 }.Validate(), StringComparison.Ordinal);
    }
}
