using Spectre.Console;
using TaskRpc.Cli;

// taskrpc [--address URL] [--json] submit|get|wait|cancel|watch|list|tasks ... (see README, "CLI")
return await CliApplication.RunAsync(args, AnsiConsole.Console, Console.Out, Console.Error).ConfigureAwait(false);
