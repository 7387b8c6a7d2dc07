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

    /// <summary>The environment variable that sets the API key when --api-key is absent.</summary>
    public const string ApiKeyVariable = "TASKRPC_API_KEY";

    /// <summary>The environment variable that sets the bearer token when --token is absent.</summary>
    public const string TokenVariable = "TASKRPC_TOKEN";

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = $"An API key the server knows, sent as x-api-key (default: ${ApiKeyVariable})",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = $"A bearer token (JWT), sent as authorization: Bearer (default: ${TokenVariable})",
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

    /// <summary>
    /// The client options for <paramref name="address"/> with the credential: --api-key or --token,
    /// else TASKRPC_API_KEY or TASKRPC_TOKEN; at most one of them.
    /// </summary>
    public static TaskRpc.Client.TaskRpcClientOptions ClientOptions(Uri address, string? apiKey, string? token)
    {
        if (apiKey is not null && token is not null)
        {
            throw new UsageException("give --api-key or --token, not both.");
        }

        if (apiKey is null && token is null)
        {
            apiKey = NonEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable));
            token = apiKey is null ? NonEmpty(Environment.GetEnvironmentVariable(TokenVariable)) : null;
        }

        return new TaskRpc.Client.TaskRpcClientOptions { Address = address, MaxRetries = 2, ApiKey = apiKey, BearerToken = token };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
