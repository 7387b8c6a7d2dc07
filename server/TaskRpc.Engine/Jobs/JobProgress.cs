namespace TaskRpc.Engine.Jobs;

/// <summary>A progress report of a running job.</summary>
/// <param name="Fraction">0 to 1.</param>
/// <param name="Message">An optional message.</param>
/// <param name="Detail">Anything else the handler reported, as JSON text; or null.</param>
public sealed record JobProgress(double Fraction, string? Message = null, string? Detail = null);
