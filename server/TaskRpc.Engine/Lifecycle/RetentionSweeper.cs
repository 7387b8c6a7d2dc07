using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Diagnostics;
using TaskRpc.Engine.Storage;

namespace TaskRpc.Engine.Lifecycle;

/// <summary>Deletes expired terminal jobs every <see cref="EngineOptions.RetentionSweepInterval"/>, on one <see cref="TimeProvider"/> timer.</summary>
internal sealed class RetentionSweeper : IDisposable
{
    private readonly IJobStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<RetentionSweeper> _logger;
    private ITimer? _timer;
    private int _sweeping;

    public RetentionSweeper(IJobStore store, TimeProvider time, IOptions<EngineOptions> options, ILogger<RetentionSweeper> logger)
    {
        _store = store;
        _time = time;
        _interval = options.Value.RetentionSweepInterval;
        _logger = logger;
    }

    public void Start() =>
        _timer ??= _time.CreateTimer(static state => _ = ((RetentionSweeper)state!).SweepAsync(), this, _interval, _interval);

    public void Dispose() => _timer?.Dispose();

    public async Task SweepAsync()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            var deleted = await _store.DeleteExpiredAsync(_time.GetUtcNow()).ConfigureAwait(false);
            EngineLog.RetentionSwept(_logger, deleted);
        }
#pragma warning disable CA1031 // The next sweep tries again.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            EngineLog.RetentionSweepFailed(_logger, failure);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
