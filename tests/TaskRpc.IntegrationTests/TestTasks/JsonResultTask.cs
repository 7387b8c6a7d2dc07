using System.Text.Json;
using TaskRpc.Engine.Tasks;

namespace TaskRpc.IntegrationTests.TestTasks;

/// <summary>test.json_result: returns the JSON text in its args as its result (any depth the args could not carry).</summary>
[TaskHandler(Description = "Returns the JSON text it is given as its result.", ArgsDescription = "{\"json\": \"[[1]]\"}")]
internal sealed class JsonResultTask : ITaskHandler<JsonResultArgs, JsonElement>
{
    private static readonly JsonDocumentOptions Unlimited = new() { MaxDepth = 1000 };

    public ValueTask<JsonElement> RunAsync(JsonResultArgs args, TaskContext context)
    {
        using var document = JsonDocument.Parse(args.Json, Unlimited);
        return ValueTask.FromResult(document.RootElement.Clone());
    }
}
