namespace TaskRpc.Engine.Tasks;

/// <summary>Where a <see cref="TaskContext"/> sends progress; the engine coalesces it.</summary>
internal interface IProgressSink
{
    void Report(double fraction, string? message, object? detail);
}
