using System.Text.Json;

namespace TaskRpc.Client.Tests.Infrastructure;

/// <summary>How a taskrpc run ended: exit code, standard output and standard error.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output parsed as one JSON document.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    /// <summary>Standard output parsed as JSON lines.</summary>
    public List<JsonElement> JsonLines() =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                using var document = JsonDocument.Parse(line);
                return document.RootElement.Clone();
            })
            .ToList();

    public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
}
