using System.Text.Json;

namespace TaskRpc.Cli;

/// <summary>Reads a submission's JSON args, inline or from a file, with clear messages for mistakes.</summary>
internal static class ArgsReader
{
    public static JsonElement? Read(string? inline, FileInfo? file)
    {
        if (inline is not null && file is not null)
        {
            throw new UsageException("give the args either inline (--args) or from a file (--args-file), not both.");
        }

        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new UsageException($"the args file '{file.FullName}' does not exist.");
            }

            return Parse(File.ReadAllText(file.FullName), $"the args file '{file.Name}'");
        }

        return inline is null ? null : Parse(inline, "--args");
    }

    /// <summary>Parses labels given as key=value.</summary>
    public static Dictionary<string, string> ReadLabels(IEnumerable<string> labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"the label '{label}' is not key=value.");
            }

            result[label[..equals]] = label[(equals + 1)..];
        }

        return result;
    }

    private static JsonElement Parse(string text, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new UsageException($"{source} is not valid JSON: {exception.Message}");
        }
    }
}
