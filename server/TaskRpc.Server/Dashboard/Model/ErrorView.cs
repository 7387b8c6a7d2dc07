namespace TaskRpc.Server.Dashboard.Model;

/// <summary>A job's error.</summary>
internal sealed record ErrorView(string Code, string Message, string? Type, string? Details);
