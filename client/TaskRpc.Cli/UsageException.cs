namespace TaskRpc.Cli;

/// <summary>Bad input found by a command (exit code 2), with a message for the user.</summary>
internal sealed class UsageException(string message) : Exception(message);
