using TaskRpc.Contracts.V1;

namespace TaskRpc.Cli;

/// <summary>The exit codes of taskrpc (documented in the README's CLI section).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it says; a job it waited for SUCCEEDED.</summary>
    public const int Succeeded = 0;

    /// <summary>A job the command waited for ended FAILED.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: unknown command or option, bad JSON args, an argument the server refused.</summary>
    public const int BadInput = 2;

    /// <summary>A job the command waited for ended CANCELLED.</summary>
    public const int Cancelled = 3;

    /// <summary>The job (or task) does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>The server could not be reached.</summary>
    public const int Unreachable = 5;

    /// <summary>wait --timeout passed before the jobs were done.</summary>
    public const int TimedOut = 6;

    /// <summary>Any other server or transport error.</summary>
    public const int Error = 7;

    /// <summary>Interrupted by Ctrl+C.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code for a job in <paramref name="state"/>: 0 unless it ended FAILED or CANCELLED.</summary>
    public static int ForState(JobState state) => state switch
    {
        JobState.Failed => Failed,
        JobState.Cancelled => Cancelled,
        _ => Succeeded,
    };

    /// <summary>The worst exit code of several jobs: FAILED before CANCELLED before success.</summary>
    public static int ForStates(IEnumerable<JobState> states)
    {
        var list = states.ToList();
        return list.Contains(JobState.Failed) ? Failed : list.Contains(JobState.Cancelled) ? Cancelled : Succeeded;
    }
}
