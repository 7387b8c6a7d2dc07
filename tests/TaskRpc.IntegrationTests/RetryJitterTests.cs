using TaskRpc.Contracts.V1;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.IntegrationTests;

/// <summary>RetryPolicy.jitter by field presence: a set 0 is exact backoff, unset is the default 0.2.</summary>
public sealed class RetryJitterTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Backoff = TimeSpan.FromHours(1);
    private readonly TaskRpcClient _client = fixture.Client;

    [Fact]
    public async Task Submit_JitterSetToZero_RetriesAfterExactlyTheBackoff()
    {
        var wait = await ScheduledRetryWaitAsync(retry => retry.Jitter = 0);

        Assert.Equal(Backoff, wait);
    }

    [Fact]
    public async Task Submit_JitterUnset_RetriesAfterADefaultJitteredBackoff()
    {
        var wait = await ScheduledRetryWaitAsync(retry => Assert.False(retry.HasJitter));

        // The default 0.2 draws the wait from [0.8 w, w]; exactly w only for a random draw of 0.
        Assert.InRange(wait, Backoff * 0.8, Backoff);
        Assert.NotEqual(Backoff, wait);
    }

    /// <summary>Runs a job that fails once with a one-hour backoff and returns the wait its retry was scheduled with.</summary>
    private async Task<TimeSpan> ScheduledRetryWaitAsync(Action<RetryPolicy> configure)
    {
        var retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = Durations.Seconds(Backoff.TotalSeconds), MaxBackoff = Durations.Seconds(Backoff.TotalSeconds) };
        configure(retry);
        var job = await _client.SubmitAsync("test.flaky", """{"succeed_on_attempt": 2}""", r => r.Retry = retry);
        try
        {
            var requeued = await _client.WaitForEventAsync(job.Id, e => e.StateChange is { State: JobState.Queued, Error: not null }, "a retry scheduled");
            var queued = await _client.GetAsync(job.Id);
            Assert.Equal(JobState.Queued, queued.State);
            return queued.NotBefore.ToDateTimeOffset() - requeued.Time.ToDateTimeOffset();
        }
        finally
        {
            await _client.CancelAsync(job.Id, "test cleanup");
        }
    }
}
