using System.CommandLine;

namespace TaskRpc.Cli;

/// <summary>The options every command takes.</summary>
internal static class CliOptions
{
    /// <summary>The environment variable that sets the server address when --address is absent.</summary>
    public const string AddressVariable = "TASKRPC_ADDRESS";

    /// <summary>The address used when neither --address nor TASKRPC_ADDRESS says otherwise.</summary>
    public const string DefaultAddress = "http://127.0.0.1:50051";

    public static readonly Option<string?> Address = new("--address")
    {
        Description = $"The server, e.g. http://127.0.0.1:50051 or https://host:443 (default: ${AddressVariable}, else {DefaultAddress})",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write JSON (protobuf JSON of the contract's messages) for scripts instead of tables",
        Recursive = true,
    };

    /// <summary>The address to call: --address, else TASKRPC_ADDRESS, else the default; "host:port" means http://host:port.</summary>
    public static Uri ResolveAddress(string? option)
    {
        var text = option ?? Environment.GetEnvironmentVariable(AddressVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            text = DefaultAddress;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"'{option ?? text}' is not a server address: use http://host:port or https://host:port.");
    }
}
