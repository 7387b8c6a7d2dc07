using System.Globalization;
using System.Text;
using TaskRpc.Storage.Sqlite;

namespace TaskRpc.Server;

/// <summary>
/// The server's command line: its switches (<c>--port 6000</c>, mapped to configuration keys),
/// any configuration key as <c>--Section:Key=value</c> or <c>--Section:Key value</c>, and
/// <c>--help</c>. Anything else is refused before the server starts, so a typo such as
/// <c>--stor memory</c> cannot silently start a server on the default store.
/// </summary>
internal static class ServerCommandLine
{
    /// <summary>The exit code for a command line the server refuses.</summary>
    public const int BadUsage = 2;

    private static readonly ServerSwitch[] Switches =
    [
        new("--host", "Server:Host", "ADDRESS", "the IP address to listen on", new TaskRpcServerOptions().Host),
        new("--port", "Server:Port", "N", "the port; 0 picks a free one", new TaskRpcServerOptions().Port.ToString(CultureInfo.InvariantCulture)),
        new("--http-port", "Server:HttpPort", "N", "the HTTP port (/healthz, /metrics, /dashboard); 0 picks a free one, -1 turns it off", new TaskRpcServerOptions().HttpPort.ToString(CultureInfo.InvariantCulture)),
        new("--certificate", "Server:CertificatePath", "FILE", "a PFX file: serve HTTP/2 over TLS instead of h2c", "none"),
        new("--detailed-errors", "Server:DetailedErrors", "true|false", "show unexpected errors' types and messages to clients", "false"),
        new("--store", "Store:Kind", "sqlite|memory|postgres", "where jobs are kept; memory: in this process only; postgres: a PostgreSQL database nodes share", "sqlite"),
        new("--db", "Store:Path", "PATH", "the SQLite database file", SqliteJobStoreOptions.DefaultPath),
        new("--connection", "Store:ConnectionString", "STRING", "the PostgreSQL connection string, e.g. \"Host=db;Database=taskrpc;Username=taskrpc\"", "none"),
    ];

    /// <summary>Host settings ASP.NET Core reads from the command line itself.</summary>
    private static readonly string[] HostKeys = ["environment", "contentRoot", "applicationName"];

    private static readonly string[] HelpSwitches = ["--help", "-h", "-?"];

    /// <summary>The switches and the configuration keys they set, for <c>AddCommandLine</c>.</summary>
    public static IDictionary<string, string> SwitchMappings { get; } =
        Switches.ToDictionary(option => option.Name, option => option.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Checks <paramref name="args"/> before the server is built: prints the help (exit code 0) or
    /// one line naming the unknown options (exit code <see cref="BadUsage"/>) and returns the
    /// exit code, or returns null when the server should start.
    /// </summary>
    public static int? Check(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Any(arg => HelpSwitches.Contains(arg, StringComparer.Ordinal)))
        {
            output.Write(Help());
            return 0;
        }

        var unknown = Unknown(args);
        if (unknown.Count == 0)
        {
            return null;
        }

        var named = string.Join(", ", unknown.Select(Describe));
        error.WriteLine($"taskrpc: unknown option{(unknown.Count == 1 ? string.Empty : "s")} {named}; run with --help for the options, or set configuration as --Section:Key=value.");
        return BadUsage;
    }

    /// <summary>The text of <c>--help</c>: the switches with their defaults, and how to set any other configuration key.</summary>
    public static string Help()
    {
        var text = new StringBuilder();
        text.AppendLine("TaskRpc server: serves taskrpc.v1.TaskService over gRPC (HTTP/2).");
        text.AppendLine();
        text.AppendLine("Usage: TaskRpc.Server [options] [--Section:Key=value ...]");
        text.AppendLine();
        text.AppendLine("Options (configuration key; default):");
        var width = Switches.Max(option => option.Usage.Length) + 2;
        foreach (var option in Switches)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {option.Usage.PadRight(width)}{option.Description} ({option.Key}; default {option.Default})");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  {"--help".PadRight(width)}show this help");
        text.AppendLine();
        text.AppendLine("Any configuration key can be set as --Section:Key=value (or with a space), for example");
        text.AppendLine("  --Engine:EnableDemoTasks=false  --Engine:Processes:Size=4  --Logging:LogLevel:Default=Debug");
        text.AppendLine("and in appsettings.json beside the server or environment variables (Server__Port=6000).");
        text.AppendLine("README.md, \"Configuration\", lists the keys.");
        return text.ToString();
    }

    /// <summary>The options in <paramref name="args"/> that are neither switches nor configuration keys, as given.</summary>
    private static List<string> Unknown(IReadOnlyList<string> args)
    {
        var unknown = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            // As AddCommandLine reads them: --key and /key are keys (or switches), -k only a switch, key=value a key.
            var arg = args[i];
            var prefix = arg.StartsWith("--", StringComparison.Ordinal) ? 2 : arg.StartsWith('/') || arg.StartsWith('-') ? 1 : 0;
            var longForm = prefix == 2 || arg.StartsWith('/');
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[prefix..] : arg[prefix..equals];
            if (prefix > 0 && equals < 0)
            {
                i++; // "--key value": the next argument is the value, whatever it looks like.
            }

            if ((prefix == 0 && equals < 0) || !IsKnown(name, longForm))
            {
                unknown.Add(equals < 0 ? arg : arg[..equals]);
            }
        }

        return unknown;
    }

    private static bool IsKnown(string name, bool longForm) =>
        name.Length > 0 && (name.Contains(':', StringComparison.Ordinal)
            || (longForm && Switches.Any(option => option.Name.AsSpan(2).Equals(name, StringComparison.OrdinalIgnoreCase)))
            || HostKeys.Contains(name, StringComparer.OrdinalIgnoreCase));

    /// <summary>The option quoted, with the switch it is probably a typo of.</summary>
    private static string Describe(string option)
    {
        var closest = Switches
            .Select(known => (known.Name, Distance: EditDistance(option.TrimStart('-', '/'), known.Name[2..])))
            .MinBy(candidate => candidate.Distance);
        return closest.Distance <= 2 ? $"'{option}' (did you mean {closest.Name}?)" : $"'{option}'";
    }

    /// <summary>The Levenshtein distance between two short strings, ignoring case.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
