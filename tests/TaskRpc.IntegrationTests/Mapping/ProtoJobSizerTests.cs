using TaskRpc.Engine.Jobs;
using TaskRpc.Server.Mapping;

namespace TaskRpc.IntegrationTests.Mapping;

/// <summary>The server's cheap job size bound is never below the encoded size, for the JSON shapes that grow most as protobuf Values.</summary>
public sealed class ProtoJobSizerTests
{
    public static TheoryData<string> Shapes =>
    [
        "[" + string.Join(",", Enumerable.Repeat("0", 10_000)) + "]",
        "[" + string.Join(",", Enumerable.Repeat("[]", 10_000)) + "]",
        "[" + string.Join(",", Enumerable.Repeat("{}", 10_000)) + "]",
        "[" + string.Join(",", Enumerable.Repeat("\"\"", 10_000)) + "]",
        "[" + string.Join(",", Enumerable.Repeat("true,null", 5_000)) + "]",
        "{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"{i}\":0")) + "}",
        string.Concat(Enumerable.Repeat("[", 60)) + "0" + string.Concat(Enumerable.Repeat("]", 60)),
        "\"" + new string('é', 10_000) + "\"",
        "0",
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Bound_JsonThatGrowsAsValues_IsAtLeastTheEncodedSize(string json)
    {
        var sizer = new ProtoJobSizer();
        var payload = Payload.FromJson(json);
        var job = new JobSnapshot
        {
            Id = "j01M93ZT1PKAX3ND02GV70E8V0A",
            Task = "demo.echo",
            State = JobState.Failed,
            Args = payload,
            Result = payload,
            Error = new JobError("UNKNOWN", "ü", "T", "d"),
            Progress = new JobProgress(0.5, "m", json),
            Labels = new Dictionary<string, string> { ["k"] = "v", [""] = "" },
            Priority = -1000,
            Attempt = 3,
            MaxAttempts = 100,
            CreatedAt = DateTimeOffset.UtcNow,
            StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow,
            NotBefore = DateTimeOffset.UtcNow,
            ExecutionTimeout = TimeSpan.FromDays(1),
            LastSequence = long.MaxValue,
            IdempotencyKey = new string('k', 256),
        };

        Assert.True(sizer.Bound(job) >= sizer.Measure(job), $"Bound {sizer.Bound(job)} < encoded {sizer.Measure(job)}.");
    }
}
