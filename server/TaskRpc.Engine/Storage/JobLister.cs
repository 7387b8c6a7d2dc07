using TaskRpc.Engine.Errors;
using TaskRpc.Engine.Jobs;
using TaskRpc.Engine.Limits;

namespace TaskRpc.Engine.Storage;

/// <summary>
/// List on top of the store: page tokens bound to their filter (<see cref="PageToken"/>), jobs
/// past their retention left out whether or not the sweep has run, and pages sized by bytes as
/// well as by count: a page ends early rather than hold more than
/// <see cref="EngineOptions.MaxJobSizeBytes"/> of jobs (each job fits on its own, so every page
/// holds at least one), and its token continues after the last job it holds.
/// </summary>
internal sealed class JobLister
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>A job's field tag and length in the response.</summary>
    private const int EntryFraming = 6;

    /// <summary>The next_page_token field.</summary>
    private const int TokenRoom = 128;

    private readonly IJobStore _store;
    private readonly JobSizeLimit _limit;
    private readonly TimeProvider _time;

    public JobLister(IJobStore store, JobSizeLimit limit, TimeProvider time)
    {
        _store = store;
        _limit = limit;
        _time = time;
    }

    public async ValueTask<JobPage> ListAsync(JobFilter? filter, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        if (pageSize is < 0 or > MaxPageSize)
        {
            throw new InvalidSubmissionException($"page_size must be 0 to {MaxPageSize}, not {pageSize}.");
        }

        filter ??= JobFilter.All;
        var after = PageToken.Read(pageToken, filter);
        var retained = filter with { RetainedAt = _time.GetUtcNow() };
        var page = await _store.ListAsync(retained, pageSize == 0 ? DefaultPageSize : pageSize, after, cancellationToken).ConfigureAwait(false);
        var fit = CountFitting(page.Jobs);
        if (fit < page.Jobs.Count)
        {
            return new JobPage(page.Jobs.Take(fit).ToList(), PageToken.Issue(page.Jobs[fit - 1].Id, filter));
        }

        return new JobPage(page.Jobs, page.NextPageToken is { } last ? PageToken.Issue(last, filter) : null);
    }

    /// <summary>How many of the jobs, from the first, fit the page budget; at least one.</summary>
    private int CountFitting(IReadOnlyList<JobSnapshot> jobs)
    {
        var room = _limit.MaxBytes - TokenRoom;
        for (var i = 0; i < jobs.Count; i++)
        {
            room -= _limit.SizeWithin(jobs[i], room) + EntryFraming;
            if (room < 0)
            {
                return Math.Max(1, i);
            }
        }

        return jobs.Count;
    }
}
