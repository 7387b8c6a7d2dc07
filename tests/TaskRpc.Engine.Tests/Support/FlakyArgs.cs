using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>Args of test.flaky.</summary>
public sealed record FlakyArgs(int SucceedOnAttempt);
