using System.Text.Json.Serialization;

namespace TaskRpc.Engine.Tasks.Demo;

/// <summary>How demo.crash takes its worker down.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CrashMode>))]
internal enum CrashMode
{
    /// <summary>Environment.Exit with the given code.</summary>
    Exit = 1,

    /// <summary>Environment.FailFast: SIGABRT.</summary>
    FailFast = 2,

    /// <summary>Allocates until the worker's heap hard limit is hit: the worker dies of OutOfMemory.</summary>
    Oom = 3,
}
