using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli.Output;

/// <summary>Job states as users read them (SUCCEEDED), with a colour.</summary>
internal static class StateNames
{
    public static string Name(JobState state) => state switch
    {
        JobState.Queued => "QUEUED",
        JobState.Running => "RUNNING",
        JobState.Succeeded => "SUCCEEDED",
        JobState.Failed => "FAILED",
        JobState.Cancelled => "CANCELLED",
        _ => "UNKNOWN",
    };

    /// <summary>The state as Spectre markup, coloured when it has ended.</summary>
    public static string Markup(JobState state) => Cell(state).ToMarkup();

    /// <summary>The state as a table cell, coloured on a terminal.</summary>
    public static Cell Cell(JobState state) => new(Name(state), state switch
    {
        JobState.Succeeded => "green",
        JobState.Failed => "red",
        JobState.Cancelled => "yellow",
        _ => null,
    });
}
