using TaskRpc.Engine.Stats;
using TaskRpc.Server.Dashboard.Model;

namespace TaskRpc.Server.Dashboard;

/// <summary>
/// The overview, taken at most once per <see cref="MaxAge"/> for each scope however many pages
/// are open, so that dashboards cost the engine one count of its active jobs per period.
/// </summary>
internal sealed class DashboardOverview(EngineStats stats, TimeProvider time)
{
    /// <summary>How old a shared overview may be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Taken, OverviewView View)> _cache = new(StringComparer.Ordinal);

    public OverviewView Get(string? scope)
    {
        var key = scope is null ? "*" : "t:" + scope;
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var cached) && time.GetElapsedTime(cached.Taken, now) < MaxAge)
            {
                return cached.View;
            }
        }

        var view = DashboardMapper.ToView(stats.Capture(scope));
        lock (_gate)
        {
            _cache[key] = (now, view);
        }

        return view;
    }
}
