using System.CommandLine;
using Spectre.Console;
using TaskRpc.Cli.Commands;

namespace TaskRpc.Cli;

/// <summary>The taskrpc command line: parses, reports bad input with exit code 2, runs the command.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter output, TextWriter error)
    {
        var runner = new CommandRunner(console, output, error);
        var root = new RootCommand("taskrpc: submit, follow and cancel jobs on a TaskRpc server.")
        {
            CliOptions.Address,
            CliOptions.Json,
            SubmitCommand.Create(runner),
            GetCommand.Create(runner),
            WaitCommand.Create(runner),
            CancelCommand.Create(runner),
            WatchCommand.Create(runner),
            ListCommand.Create(runner),
            TasksCommand.Create(runner),
        };
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync("taskrpc: " + parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'taskrpc --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
    }
}
