using System.CommandLine;
using TaskRpc.Cli.Commands;
using TaskRpc.Cli.Output;

namespace TaskRpc.Cli;

/// <summary>The taskrpc command line: parses, reports bad input with exit code 2, runs the command.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliStreams streams)
    {
        var runner = new CommandRunner(streams);
        var root = new RootCommand("taskrpc: submit, follow and cancel jobs on a TaskRpc server.")
        {
            CliOptions.Address,
            CliOptions.Json,
            CliOptions.ApiKey,
            CliOptions.Token,
            SubmitCommand.Create(runner),
            GetCommand.Create(runner),
            WaitCommand.Create(runner),
            CancelCommand.Create(runner),
            WatchCommand.Create(runner),
            ListCommand.Create(runner),
            TasksCommand.Create(runner),
            TopCommand.Create(runner),
        };
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            var error = streams.Error;
            if (parseResult.CommandResult.Command == root && parseResult.UnmatchedTokens.Count > 0)
            {
                // One message for an unknown command, not "unrecognized" plus "required command was not provided".
                var token = parseResult.UnmatchedTokens[0];
                var kind = token.StartsWith('-') ? "option" : "command";
                await error.WriteLineAsync($"taskrpc: unknown {kind} '{token}'; run 'taskrpc --help' for the commands.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            foreach (var message in parseResult.Errors.Select(parseError => parseError.Message).Distinct(StringComparer.Ordinal))
            {
                await error.WriteLineAsync("taskrpc: " + message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'taskrpc --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = streams.Output, Error = streams.Error }).ConfigureAwait(false);
    }
}
