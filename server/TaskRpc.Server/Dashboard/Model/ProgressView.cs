namespace TaskRpc.Server.Dashboard.Model;

/// <summary>A progress report: 0 to 1, and the handler's message.</summary>
internal sealed record ProgressView(double Fraction, string? Message);
