namespace TaskRpc.Server;

/// <summary>One of the server's command-line switches: <c>--port 6000</c> sets <c>Server:Port</c>.</summary>
/// <param name="Name">The switch, e.g. <c>--port</c>.</param>
/// <param name="Key">The configuration key it sets.</param>
/// <param name="Value">What its value is, for the help.</param>
/// <param name="Description">What it does, for the help.</param>
/// <param name="Default">Its default, for the help.</param>
internal sealed record ServerSwitch(string Name, string Key, string Value, string Description, string Default)
{
    /// <summary>The switch and its value, e.g. <c>--port N</c>.</summary>
    public string Usage => $"{Name} {Value}";
}
