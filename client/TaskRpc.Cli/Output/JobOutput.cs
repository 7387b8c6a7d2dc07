using System.Globalization;
using Google.Protobuf;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Output;

/// <summary>Writes jobs, tasks and events: tables on a terminal, aligned plain text otherwise, protobuf JSON with --json.</summary>
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
        var table = new TextTable(false, "field", "value");
        table.AddRow("id", job.Id);
        table.AddRow("task", job.Task);
        table.AddRow("state", StateNames.Cell(job.State));
        AddIfAny(table, "result", ContractJson.Describe(job.Result));
        AddIfAny(table, "error", job.Error is null ? string.Empty : $"{job.Error.Code}: {job.Error.Message}");
        AddIfAny(table, "progress", job.Progress is null ? string.Empty : $"{job.Progress.Fraction:P0} {job.Progress.Message}");
        table.AddRow("attempt", $"{job.Attempt} of {Math.Max(job.MaxAttempts, 1)}");
        AddIfAny(table, "created", job.CreateTime?.ToDateTime().ToString("O", CultureInfo.InvariantCulture) ?? string.Empty);
        AddIfAny(table, "finished", job.FinishTime?.ToDateTime().ToString("O", CultureInfo.InvariantCulture) ?? string.Empty);
        table.Write(context.Streams);
    });

    public void WriteJobs(IEnumerable<Job> jobs)
    {
        var table = new TextTable(true, "id", "task", "state", "progress", "result / error") { NoWrapColumns = 4 };
        foreach (var job in jobs)
        {
            var outcome = job.Error is { } error ? $"{error.Code}: {error.Message}" : ContractJson.Describe(job.Result);
            table.AddRow(
                job.Id,
                job.Task,
                StateNames.Cell(job.State),
                job.Progress is null ? string.Empty : $"{job.Progress.Fraction:P0}",
                Shorten(outcome));
        }

        table.Write(context.Streams);
    }

    public void WriteTasks(ListTasksResponse response) => Write(response, () =>
    {
        var table = new TextTable(true, "task", "executor", "args", "description") { NoWrapColumns = 2 };
        foreach (var task in response.Tasks)
        {
            table.AddRow(task.Name, task.Executor.ToString().ToLowerInvariant(), task.ArgsDescription, task.Description);
        }

        table.Write(context.Streams);
    });

    private static void AddIfAny(TextTable table, string field, string value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            table.AddRow(field, Shorten(value));
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
