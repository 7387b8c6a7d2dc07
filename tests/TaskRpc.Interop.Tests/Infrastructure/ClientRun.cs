namespace TaskRpc.Interop.Tests.Infrastructure;

/// <summary>One run of an external client that prints <c>PASS name</c> or <c>FAIL name: reason</c> per case.</summary>
/// <param name="Client">The client's name (see <see cref="ExternalClients"/>).</param>
/// <param name="ExitCode">The exit code, or null if the run was killed at its time limit.</param>
/// <param name="Results">Each case's result line, by case name (kept whether or not the run ended by itself).</param>
/// <param name="Transcript">Everything the client wrote to stdout and stderr, for failure messages.</param>
public sealed record ClientRun(string Client, int? ExitCode, IReadOnlyDictionary<string, string> Results, string Transcript)
{
    /// <summary>Whether <paramref name="name"/> passed, and an explanation with the transcript if it did not.</summary>
    public (bool Passed, string Explanation) Outcome(string name)
    {
        var line = Results.TryGetValue(name, out var found) ? found : $"no result for {name}";
        return (line.StartsWith("PASS ", StringComparison.Ordinal), $"{line}{Environment.NewLine}--- {Client} transcript ---{Environment.NewLine}{Transcript}");
    }

    /// <summary>Reads the PASS and FAIL lines of a run.</summary>
    public static ClientRun Parse(string client, int? exitCode, string output, string error)
    {
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length >= 2 && parts[0] is "PASS" or "FAIL")
            {
                results[parts[1].TrimEnd(':')] = line;
            }
        }

        return new ClientRun(client, exitCode, results, output + error);
    }
}
