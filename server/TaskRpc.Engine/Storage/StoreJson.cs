using System.Text.Json.Serialization;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Storage;

/// <summary>
/// The JSON shapes of the durable stores' small structured columns (errors, progress, retry
/// policies, labels), source-generated; shared by the SQLite and PostgreSQL stores so both write
/// the same text.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobError))]
[JsonSerializable(typeof(JobProgress))]
[JsonSerializable(typeof(RetryPolicy))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StoreJson : JsonSerializerContext;
