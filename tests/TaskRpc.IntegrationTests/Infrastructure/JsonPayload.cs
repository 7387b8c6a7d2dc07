using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TaskRpc.Contracts.V1;

namespace TaskRpc.IntegrationTests.Infrastructure;

/// <summary>JSON-shaped payloads: from JSON text to a <see cref="Payload"/>, and back to a <see cref="JsonElement"/>.</summary>
internal static class JsonPayload
{
    public static Payload From(string json) => new() { Json = JsonParser.Default.Parse<Value>(json) };

    public static JsonElement Parse(Payload? payload)
    {
        Assert.NotNull(payload);
        Assert.Equal(Payload.KindOneofCase.Json, payload.KindCase);
        using var document = JsonDocument.Parse(JsonFormatter.Default.Format(payload.Json));
        return document.RootElement.Clone();
    }

    /// <summary>The job's result as JSON; fails the test when the job has none.</summary>
    public static JsonElement ResultOf(Job job) => Parse(job.Result);
}
