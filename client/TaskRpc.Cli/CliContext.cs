using Spectre.Console;
using TaskRpc.Cli.Output;
using TaskRpc.Client;

namespace TaskRpc.Cli;

/// <summary>What a running command uses: the client, the console, and whether to write JSON.</summary>
internal sealed class CliContext(TaskRpcClient client, IAnsiConsole console, TextWriter output, bool json)
{
    public TaskRpcClient Client { get; } = client;

    /// <summary>The console for tables, markup and progress bars.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Where JSON goes, unformatted.</summary>
    public TextWriter Output { get; } = output;

    public bool Json { get; } = json;

    public JobOutput Jobs => new(this);
}
