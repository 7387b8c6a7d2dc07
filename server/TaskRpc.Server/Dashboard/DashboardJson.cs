using System.Text.Json;
using System.Text.Json.Serialization;
using TaskRpc.Server.Dashboard.Model;

namespace TaskRpc.Server.Dashboard;

/// <summary>The dashboard API's JSON (camelCase, nulls left out), generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(JobPageView))]
[JsonSerializable(typeof(EventView))]
[JsonSerializable(typeof(OverviewView))]
[JsonSerializable(typeof(IReadOnlyList<WorkerView>))]
[JsonSerializable(typeof(SessionView))]
[JsonSerializable(typeof(ActionResultView))]
[JsonSerializable(typeof(ProblemView))]
internal sealed partial class DashboardJson : JsonSerializerContext;
