namespace TaskRpc.Engine.Tests.Architecture;

/// <summary>
/// The engine's folders depend one way (<see cref="EngineLayers.Order"/>), judged on what its types
/// actually reference in the built assembly (<see cref="EngineDependencies"/>), not on using lines.
/// </summary>
public sealed class EngineLayersTests
{
    private static readonly Lazy<IReadOnlyList<EngineDependency>> Dependencies =
        new(() => EngineDependencies.Read(typeof(EngineOptions).Assembly.Location));

    [Fact]
    public void EngineLayers_Folders_DependOneWay()
    {
        var unplaced = Dependencies.Value
            .SelectMany(d => new[] { d.From, d.To })
            .Select(EngineLayers.Of)
            .Where(layer => EngineLayers.Rank(layer) < 0)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(unplaced.Count == 0, $"Engine folders without a layer (add them to EngineLayers.Order): {string.Join(", ", unplaced)}");

        var upward = Dependencies.Value
            .Where(d => EngineLayers.Rank(EngineLayers.Of(d.From)) < EngineLayers.Rank(EngineLayers.Of(d.To)))
            .OrderBy(d => d.From, StringComparer.Ordinal)
            .ThenBy(d => d.To, StringComparer.Ordinal)
            .Select(d => $"  {EngineLayers.Of(d.From)} -> {EngineLayers.Of(d.To)}: {d.From} uses {d.To} (in {d.Site})")
            .ToList();
        Assert.True(
            upward.Count == 0,
            $"A folder of TaskRpc.Engine uses one above it (the order, bottom to top: {string.Join(" < ", EngineLayers.Order)}):{Environment.NewLine}{string.Join(Environment.NewLine, upward)}");
    }

    [Fact]
    public void EngineLayers_FolderGraph_HasNoCycle()
    {
        // Independent of the declared order: any two folders that reach each other form a cycle.
        var example = new Dictionary<(string From, string To), EngineDependency>();
        foreach (var d in Dependencies.Value.OrderBy(d => d.From, StringComparer.Ordinal).ThenBy(d => d.To, StringComparer.Ordinal))
        {
            var from = EngineLayers.Of(d.From);
            var to = EngineLayers.Of(d.To);
            if (from != to)
            {
                example.TryAdd((from, to), d);
            }
        }

        var next = example.Keys.GroupBy(k => k.From).ToDictionary(g => g.Key, g => g.Select(k => k.To).Order(StringComparer.Ordinal).ToList());
        foreach (var (from, to) in example.Keys.OrderBy(k => k.From, StringComparer.Ordinal).ThenBy(k => k.To, StringComparer.Ordinal))
        {
            if (PathBetween(next, to, from) is { } back)
            {
                var cycle = new List<string> { from };
                cycle.AddRange(back);
                var hops = cycle.Zip(cycle.Skip(1), (a, b) => example[(a, b)])
                    .Select(d => $"  {EngineLayers.Of(d.From)} -> {EngineLayers.Of(d.To)}: {d.From} uses {d.To} (in {d.Site})");
                Assert.Fail($"TaskRpc.Engine's folders form a cycle, {string.Join(" -> ", cycle)}:{Environment.NewLine}{string.Join(Environment.NewLine, hops)}");
            }
        }
    }

    [Fact]
    public void EngineDependencies_Read_FindsSignatureBodyAndNestedReferences()
    {
        // Each way a reference reaches the assembly, so the two tests above cannot pass by reading nothing.
        var found = Dependencies.Value.Select(d => (d.From, d.To)).ToHashSet();
        (string, string)[] expected =
        [
            ("TaskRpc.Engine.Executors.Threads.ThreadsExecutor", "TaskRpc.Engine.Executors.IJobExecutor"), // an interface it implements
            ("TaskRpc.Engine.Lifecycle.TaskLane", "TaskRpc.Engine.Lifecycle.QueueKey"), // a generic argument in a property's type
            ("TaskRpc.Engine.Lifecycle.JobRunner", "TaskRpc.Engine.Lifecycle.AttemptTelemetry"), // static calls inside an async method's state machine
            ("TaskRpc.Engine.Lifecycle.AttemptOutcome", "TaskRpc.Engine.Executors.Processes.WorkerJobException"), // a type test in a body
            ("TaskRpc.Engine.Executors.Processes.WorkerProtocol", "TaskRpc.Engine.Executors.Processes.Protocol.Run"), // a type generated from the worker's .proto
        ];
        Assert.All(expected, pair => Assert.Contains(pair, found));
    }

    /// <summary>The folders from <paramref name="start"/> to <paramref name="goal"/> (both included), breadth first; null when none.</summary>
    private static List<string>? PathBetween(Dictionary<string, List<string>> next, string start, string goal)
    {
        var cameFrom = new Dictionary<string, string?> { [start] = null };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var folder))
        {
            if (folder == goal)
            {
                var path = new List<string>();
                for (string? at = goal; at is not null; at = cameFrom[at])
                {
                    path.Add(at);
                }

                path.Reverse();
                return path;
            }

            foreach (var to in next.GetValueOrDefault(folder) ?? [])
            {
                if (cameFrom.TryAdd(to, folder))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return null;
    }
}
