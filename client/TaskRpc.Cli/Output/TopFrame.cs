using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Output;

/// <summary>
/// One frame of <c>taskrpc top</c>: the server's overview (jobs/s submitted and finished, taken
/// from two GetStats answers; queued; running; failures in the last hour), then queues per
/// executor and per task, then the process pool's workers.
/// </summary>
internal static class TopFrame
{
    public static IRenderable Render(string address, GetStatsResponse now, GetStatsResponse? before)
    {
        var seconds = before is null ? 0 : (now.Time.ToDateTimeOffset() - before.Time.ToDateTimeOffset()).TotalSeconds;
        string Rate(long? current, long? previous) => current is { } c && previous is { } p && seconds > 0
            ? ((c - p) / seconds).ToString("N1", CultureInfo.InvariantCulture)
            : "-";

        var overview = new Grid().AddColumns(5);
        overview.AddRow("[bold]submitted/s[/]", "[bold]finished/s[/]", "[bold]queued[/]", "[bold]running[/]", "[bold]failed, last hour[/]");
        overview.AddRow(
            Rate(now.HasJobsSubmitted ? now.JobsSubmitted : null, before?.HasJobsSubmitted == true ? before.JobsSubmitted : null),
            Rate(now.HasJobsFinished ? now.JobsFinished : null, before?.HasJobsFinished == true ? before.JobsFinished : null),
            Number(now.Executors.Sum(e => e.Queued)),
            Number(now.Executors.Sum(e => e.Running)),
            now.HasJobsFailedLastHour ? Number(now.JobsFailedLastHour) : "-");

        var executors = Table("executor", "capacity", "queued", "running");
        foreach (var e in now.Executors)
        {
            executors.AddRow(Name(e.Executor), Number(e.Capacity), Number(e.Queued), Number(e.Running));
        }

        var tasks = Table("task", "executor", "queued", "running");
        foreach (var t in now.Tasks.OrderByDescending(t => t.Queued + t.Running).ThenBy(t => t.Task, StringComparer.Ordinal))
        {
            tasks.AddRow(Markup.Escape(t.Task), Name(t.Executor), Number(t.Queued), Number(t.Running));
        }

        var rows = new List<IRenderable>
        {
            new Markup($"[bold]taskrpc top[/]  {Markup.Escape(address)}  {now.Time.ToDateTimeOffset().ToLocalTime():HH:mm:ss}"),
            overview,
            executors,
            tasks,
        };
        if (now.Workers.Count > 0)
        {
            var workers = Table("worker pid", "state", "in flight", "jobs run", "memory");
            foreach (var w in now.Workers)
            {
                workers.AddRow(w.Pid.ToString(CultureInfo.InvariantCulture), w.State, Number(w.InFlight), Number(w.JobsRun), (w.ResidentBytes / 1048576.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB");
            }

            rows.Add(workers);
        }

        return new Rows(rows);
    }

    private static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(columns[0]);
        foreach (var column in columns.Skip(1))
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        return table;
    }

    private static string Name(Executor executor) => executor.ToString().ToLowerInvariant();

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
