using TaskRpc.Cli;
using TaskRpc.Cli.Output;

// taskrpc [--address URL] [--json] submit|get|wait|cancel|watch|list|tasks ... (see README, "CLI")
return await CliApplication.RunAsync(args, CliStreams.ForThisProcess()).ConfigureAwait(false);
