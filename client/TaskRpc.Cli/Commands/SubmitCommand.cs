using System.CommandLine;
using Spectre.Console;
using TaskRpc.Cli.Output;
using TaskRpc.Client;
using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Commands;

/// <summary><c>taskrpc submit TASK [--args JSON | --args-file PATH] [--wait | --watch]</c>.</summary>
internal static class SubmitCommand
{
    public static Command Create(CommandRunner runner)
    {
        var task = new Argument<string>("task") { Description = "The task to run, e.g. demo.sleep (see: taskrpc tasks)" };
        var args = new Option<string?>("--args", "-a") { Description = "The args as JSON, e.g. '{\"seconds\":2,\"steps\":4}'" };
        var argsFile = new Option<FileInfo?>("--args-file", "-f") { Description = "Read the JSON args from this file" };
        var wait = new Option<bool>("--wait", "-w") { Description = "Wait for the job to end; the exit code tells how it ended" };
        var watch = new Option<bool>("--watch") { Description = "Draw a live progress bar until the job ends (implies --wait)" };
        var priority = new Option<int>("--priority") { Description = "Higher runs first, -1000 to 1000 (default 0)" };
        var key = new Option<string?>("--idempotency-key") { Description = "Resubmitting with the same key returns the first job" };
        var labels = new Option<string[]>("--label") { Description = "A label key=value; repeat for more", AllowMultipleArgumentsPerToken = false };
        var command = new Command("submit", "Submit a job; print its id (alone on stdout), or with --wait/--watch its outcome") { task, args, argsFile, wait, watch, priority, key, labels };
        return runner.Bind(command, async (parse, context, cancellationToken) =>
        {
            var options = new SubmitOptions { Priority = parse.GetValue(priority), IdempotencyKey = parse.GetValue(key) };
            foreach (var (name, value) in ArgsReader.ReadLabels(parse.GetValue(labels) ?? []))
            {
                options.Labels[name] = value;
            }

            var payload = ArgsReader.Read(parse.GetValue(args), parse.GetValue(argsFile));
            var job = await context.Client.SubmitAsync<Payload>(parse.GetValue(task)!, payload, options, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(watch))
            {
                await ProgressView.FollowAsync(context, job, 0, cancellationToken).ConfigureAwait(false);
                return await JobCommands.WriteEndAsync(context, job, cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(wait))
            {
                return await JobCommands.WriteEndAsync(context, job, cancellationToken).ConfigureAwait(false);
            }

            // The bare id on stdout, so ID=$(taskrpc submit ...) works; the note for people on stderr.
            context.Jobs.Write(await job.GetAsync(cancellationToken).ConfigureAwait(false), () =>
            {
                context.Output.WriteLine(job.Id);
                context.Streams.ErrorConsole.MarkupLine($"Submitted [bold]{Markup.Escape(job.Id)}[/] ({Markup.Escape(job.TaskName)}), {StateNames.Markup(job.State)}");
            });
            return ExitCodes.Succeeded;
        });
    }
}
