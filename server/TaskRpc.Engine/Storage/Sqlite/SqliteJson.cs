using System.Text.Json.Serialization;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage.Sqlite;

/// <summary>The JSON shapes of the store's small structured columns (errors, progress, retry policies, labels), source-generated.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobError))]
[JsonSerializable(typeof(JobProgress))]
[JsonSerializable(typeof(RetryPolicy))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SqliteJson : JsonSerializerContext;
