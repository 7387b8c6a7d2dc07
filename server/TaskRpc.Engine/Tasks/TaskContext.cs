using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Tasks;

/// <summary>
/// What a handler knows about the job it runs, and how it reports progress. Progress reports are
/// cheap and coalesced: only the latest is kept and published at most every
/// <c>EngineOptions.ProgressFlushInterval</c>, and always before the job's final event.
/// </summary>
public sealed class TaskContext : IProgress<double>, IProgress<JobProgress>
{
    private readonly IProgressSink _sink;

    internal TaskContext(string jobId, string taskName, int attempt, IReadOnlyDictionary<string, string> labels, IProgressSink sink, CancellationToken cancellationToken)
    {
        JobId = jobId;
        TaskName = taskName;
        Attempt = attempt;
        Labels = labels;
        _sink = sink;
        CancellationToken = cancellationToken;
    }

    /// <summary>The job's id.</summary>
    public string JobId { get; }

    /// <summary>The task's name.</summary>
    public string TaskName { get; }

    /// <summary>This attempt, from 1.</summary>
    public int Attempt { get; }

    /// <summary>The job's labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Fires when the job is cancelled, its execution timeout passes, or the server stops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Reports progress (coalesced).</summary>
    /// <param name="fraction">0 to 1; values outside are clamped.</param>
    /// <param name="message">An optional message.</param>
    /// <param name="detail">Anything else, serialized to JSON when published; or null.</param>
    public void ReportProgress(double fraction, string? message = null, object? detail = null)
    {
        if (double.IsNaN(fraction))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), "Progress must be a number from 0 to 1.");
        }

        _sink.Report(Math.Clamp(fraction, 0, 1), message, detail);
    }

    /// <inheritdoc />
    void IProgress<double>.Report(double value) => ReportProgress(value);

    /// <inheritdoc />
    void IProgress<JobProgress>.Report(JobProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ReportProgress(value.Fraction, value.Message, value.Detail is null ? null : System.Text.Json.JsonDocument.Parse(value.Detail).RootElement);
    }
}
