using System.Globalization;
using Microsoft.Extensions.Options;
using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;

namespace TaskRpc.Engine.Limits;

/// <summary>
/// Keeps every job within <see cref="EngineOptions.MaxJobSizeBytes"/>, so whatever the engine
/// accepted can be read back in one message: Submit refuses args that would make the job bigger
/// (INVALID_ARGUMENT: the same request never fits); a transition that would make it bigger is
/// fitted first by shortening its error and progress texts, then, when a result is what does not
/// fit, by failing the job with RESOURCE_EXHAUSTED instead of storing the result. A JSON result
/// nested deeper than <see cref="JsonDepthLimit.MaxDepth"/> fails the job the same way.
/// </summary>
internal sealed class JobSizeLimit
{
    /// <summary>The most characters of an error message or progress message kept when a job would not fit.</summary>
    public const int TrimmedTextLength = 4096;

    private const string Option = "Engine:MaxJobSizeBytes";
    private readonly IJobSizer _sizer;

    public JobSizeLimit(IJobSizer sizer, IOptions<EngineOptions> options)
    {
        _sizer = sizer;
        MaxBytes = options.Value.MaxJobSizeBytes;
    }

    /// <summary>The largest a job may be, in bytes; also the budget of a List page.</summary>
    public long MaxBytes { get; }

    public bool Fits(JobSnapshot job) => _sizer.Bound(job) <= MaxBytes || _sizer.Measure(job) <= MaxBytes;

    /// <summary>The job's size: its cheap bound when that is within <paramref name="room"/>, else measured exactly.</summary>
    public long SizeWithin(JobSnapshot job, long room)
    {
        var bound = _sizer.Bound(job);
        return bound <= room ? bound : _sizer.Measure(job);
    }

    /// <summary>Refuses a new job that is already too big (its args, labels and key).</summary>
    /// <exception cref="InvalidSubmissionException">The job does not fit.</exception>
    public void CheckSubmission(JobSnapshot job)
    {
        if (!Fits(job))
        {
            throw new InvalidSubmissionException(
                $"The job would be {Bytes(_sizer.Measure(job))} with its args of {Bytes(job.Args.Data.Length)}, over this server's limit of " +
                $"{Bytes(MaxBytes)} per job ({Option}): pass large data by reference (a URL or a storage key) instead.");
        }
    }

    /// <summary>
    /// The transition's snapshot made to fit: unchanged when it does; else with its error and
    /// progress texts shortened; else, when it carries a result, Failed with RESOURCE_EXHAUSTED
    /// and no result; a result nested too deep (<see cref="JsonDepthLimit"/>) fails it too. The caller writes and reports the returned snapshot (its state may differ).
    /// </summary>
    public JobSnapshot Fit(JobSnapshot next)
    {
        if (next.Result is { } deep && JsonDepthLimit.Exceeds(deep))
        {
            return next with
            {
                State = JobState.Failed,
                Result = null,
                Error = new JobError(
                    JobErrorCodes.ResourceExhausted,
                    $"The result nests deeper than {JsonDepthLimit.MaxDepth} levels, the most this server keeps (as for args): clients could not read it back; it was not kept."),
            };
        }

        if (Fits(next))
        {
            return next;
        }

        var trimmed = next with { Error = Trim(next.Error), Progress = Trim(next.Progress) };
        if (Fits(trimmed))
        {
            return trimmed;
        }

        if (trimmed.Result is { } result)
        {
            var size = _sizer.Measure(trimmed);
            return trimmed with
            {
                State = JobState.Failed,
                Result = null,
                Error = new JobError(
                    JobErrorCodes.ResourceExhausted,
                    $"The result of {Bytes(result.Data.Length)} would make the job {Bytes(size)}, over this server's limit of {Bytes(MaxBytes)} " +
                    $"per job ({Option}); it was not kept. Return large data by reference (a URL or a storage key) instead."),
            };
        }

        // Args at the limit leave no room for texts: keep the shortest forms.
        return trimmed with
        {
            Progress = trimmed.Progress is { } progress ? new JobProgress(progress.Fraction) : null,
            Error = trimmed.Error is { } error ? error with { Message = Shorten(error.Message, 256), Details = null } : null,
        };
    }

    private static JobError? Trim(JobError? error) => error is null
        ? null
        : error with { Message = Shorten(error.Message, TrimmedTextLength), Details = error.Details is null ? null : Shorten(error.Details, TrimmedTextLength) };

    private static JobProgress? Trim(JobProgress? progress) => progress is null
        ? null
        : progress with { Message = progress.Message is null ? null : Shorten(progress.Message, TrimmedTextLength), Detail = null };

    private static string Shorten(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "… (shortened to fit the job size limit)");

    private static string Bytes(long bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
