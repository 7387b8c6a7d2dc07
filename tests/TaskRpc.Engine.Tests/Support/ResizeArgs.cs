using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.Engine.Tests.Support;

/// <summary>Args of test.typed: a required member and a required constructor parameter.</summary>
public sealed record ResizeArgs(int MaxWidth, string ImageFormat);
