using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>
/// The system clock moved forward by an offset the test sets: a server on it sees time jump (e.g.
/// past a job's retention) while its timers keep running on real time, so nothing waits for the jump.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Makes this the server's clock: pass to <see cref="TaskRpcTestServer.StartAsync(Action{IServiceCollection}, string[])"/>.</summary>
    public void Install(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(this));

    /// <summary>Moves the clock forward by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
