namespace TaskRpc.Server.Dashboard.Model;

/// <summary>An error answer: what went wrong, in words.</summary>
internal sealed record ProblemView(string Error);
