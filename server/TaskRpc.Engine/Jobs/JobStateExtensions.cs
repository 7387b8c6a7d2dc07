namespace TaskRpc.Engine.Jobs;

/// <summary>Helpers for <see cref="JobState"/>.</summary>
public static class JobStateExtensions
{
    /// <summary>True for <see cref="JobState.Succeeded"/>, <see cref="JobState.Failed"/> and <see cref="JobState.Cancelled"/>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>Whether the state is final.</returns>
    public static bool IsTerminal(this JobState state) => state >= JobState.Succeeded;
}
