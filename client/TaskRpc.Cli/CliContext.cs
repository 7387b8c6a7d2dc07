using Spectre.Console;
using TaskRpc.Cli.Output;
using TaskRpc.Client;

namespace TaskRpc.Cli;

/// <summary>What a running command uses: the client, the output streams, and whether to write JSON.</summary>
internal sealed class CliContext(TaskRpcClient client, CliStreams streams, bool json)
{
    public TaskRpcClient Client { get; } = client;

    /// <summary>Standard output and error, as writers and as consoles.</summary>
    public CliStreams Streams { get; } = streams;

    /// <summary>Standard output as a console, for markup and the progress bar.</summary>
    public IAnsiConsole Console => Streams.Console;

    /// <summary>Standard output: JSON (unformatted), ids and plain text.</summary>
    public TextWriter Output => Streams.Output;

    public bool Json { get; } = json;

    public JobOutput Jobs => new(this);
}
