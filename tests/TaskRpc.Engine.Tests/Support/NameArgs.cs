using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>Args of the test tasks.</summary>
public sealed record NameArgs(string Name = "");
