using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>Result of test.typed.</summary>
public sealed record ResizeResult(int Width, string Format);
