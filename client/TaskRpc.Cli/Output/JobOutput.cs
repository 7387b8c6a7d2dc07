using Google.Protobuf;
using Spectre.Console;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Output;

/// <summary>Writes jobs, tasks and events: tables for people, protobuf JSON with --json.</summary>
internal sealed class JobOutput(CliContext context)
{
    /// <summary>Writes one message as JSON when --json, else calls <paramref name="human"/>.</summary>
    public void Write(IMessage message, Action human)
    {
        if (context.Json)
        {
            context.Output.WriteLine(ContractJson.Format(message));
        }
        else
        {
            human();
        }
    }

    public void WriteJob(Job job) => Write(job, () =>
    {
        var table = new Table().HideHeaders().AddColumns("field", "value");
        table.AddRow("id", Markup.Escape(job.Id));
        table.AddRow("task", Markup.Escape(job.Task));
        table.AddRow("state", StateNames.Markup(job.State));
        AddIfAny(table, "result", ContractJson.Describe(job.Result));
        AddIfAny(table, "error", job.Error is null ? string.Empty : $"{job.Error.Code}: {job.Error.Message}");
        AddIfAny(table, "progress", job.Progress is null ? string.Empty : $"{job.Progress.Fraction:P0} {job.Progress.Message}");
        table.AddRow("attempt", $"{job.Attempt} of {Math.Max(job.MaxAttempts, 1)}");
        AddIfAny(table, "created", job.CreateTime?.ToDateTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        AddIfAny(table, "finished", job.FinishTime?.ToDateTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        context.Console.Write(table);
    });

    public void WriteJobs(IEnumerable<Job> jobs)
    {
        var table = new Table().AddColumns("id", "task", "state", "progress", "result / error");
        foreach (var job in jobs)
        {
            var outcome = job.Error is { } error ? $"{error.Code}: {error.Message}" : ContractJson.Describe(job.Result);
            table.AddRow(
                Markup.Escape(job.Id),
                Markup.Escape(job.Task),
                StateNames.Markup(job.State),
                job.Progress is null ? string.Empty : $"{job.Progress.Fraction:P0}",
                Markup.Escape(Shorten(outcome)));
        }

        context.Console.Write(table);
    }

    public void WriteTasks(ListTasksResponse response) => Write(response, () =>
    {
        var table = new Table().AddColumns("task", "executor", "args", "description");
        foreach (var task in response.Tasks)
        {
            table.AddRow(
                Markup.Escape(task.Name),
                task.Executor.ToString().ToLowerInvariant(),
                Markup.Escape(task.ArgsDescription),
                Markup.Escape(task.Description));
        }

        context.Console.Write(table);
    });

    private static void AddIfAny(Table table, string field, string value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            table.AddRow(field, Markup.Escape(Shorten(value)));
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
