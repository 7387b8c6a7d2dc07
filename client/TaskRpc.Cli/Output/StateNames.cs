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

    public static string Markup(JobState state) => state switch
    {
        JobState.Succeeded => "[green]SUCCEEDED[/]",
        JobState.Failed => "[red]FAILED[/]",
        JobState.Cancelled => "[yellow]CANCELLED[/]",
        _ => Name(state),
    };
}
