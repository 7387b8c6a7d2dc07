using TaskRpc.Contracts.V1;

namespace TaskRpc.Client.Internal;

/// <summary>Facts about <see cref="JobState"/> values.</summary>
internal static class JobStates
{
    public static bool IsTerminal(JobState state) =>
        state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    public static bool IsException(JobState state) => state is JobState.Failed or JobState.Cancelled;
}
