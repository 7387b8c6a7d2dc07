namespace TaskRpc.Server.Dashboard.Model;

/// <summary>The answer to an action: the job it concerns (the new one for a re-submit) and whether it changed anything.</summary>
internal sealed record ActionResultView(JobView Job, bool Changed);
