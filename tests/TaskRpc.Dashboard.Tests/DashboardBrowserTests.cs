using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskRpc.Contracts.V1;
using TaskRpc.Dashboard.Tests.Infrastructure;
using TaskRpc.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TaskRpc.Dashboard.Tests;

/// <summary>
/// The dashboard in headless chromium against a real server: every wait is on page state
/// (Playwright's expectations retry until they hold or their generous limit passes).
/// </summary>
public sealed partial class DashboardBrowserTests(DashboardServer fixture) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Overview_Loads_ShowsExecutorsTasksAndLiveCounters()
    {
        var page = await fixture.OpenAsync();

        await Expect(page.Locator("#tasks")).ToContainTextAsync("demo.sleep");
        await Expect(page.Locator("#executors")).ToContainTextAsync("PROCESSES");
        await Expect(page.Locator("#live")).ToHaveClassAsync(new Regex(@"\bon\b"));
        await Expect(page.Locator("#rate-submitted")).ToHaveTextAsync(Number());
        await Expect(page.Locator("#failed-hour")).ToHaveTextAsync(Number());
        await DashboardServer.ScreenshotAsync(page, "overview");
    }

    [Fact]
    public async Task Overview_RunningJob_CountedWhileItRuns()
    {
        var page = await fixture.OpenAsync();
        await Expect(page.Locator("#total-running")).ToHaveTextAsync("0");
        var job = await fixture.Client.SubmitAsync("demo.sleep", """{"seconds":60}""");
        await fixture.Client.WaitForStateAsync(job.Id, JobState.Running);

        await Expect(page.Locator("#total-running")).ToHaveTextAsync("1");
        await Expect(page.Locator("#tasks tr", new PageLocatorOptions { HasText = "demo.sleep" })).ToContainTextAsync(new Regex(@"ASYNC\s*0\s*1"));

        await fixture.Client.CancelAsync(job.Id);
        await Expect(page.Locator("#total-running")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task Jobs_SubmittedJob_AppearsInTheTableAndFilters()
    {
        var page = await fixture.OpenAsync("#/jobs");
        await Expect(page.Locator("#jobs")).ToBeVisibleAsync();
        var job = await fixture.Client.SubmitAsync("demo.echo", """{"hello":"table"}""", r => r.Labels.Add("suite", "jobs-table"));

        await Expect(page.Locator("#jobs tbody")).ToContainTextAsync(job.Id);

        await page.Locator("#filters [name=labels]").FillAsync("suite=jobs-table");
        await page.Locator("#filters button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("label=suite%3Djobs-table"));
        await Expect(page.Locator("#jobs tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#jobs tbody tr")).ToContainTextAsync("SUCCEEDED");
        await DashboardServer.ScreenshotAsync(page, "jobs");
    }

    [Fact]
    public async Task Jobs_MorePagesThanOne_NextPageShowsOlderJobs()
    {
        var ids = new List<string>();
        for (var i = 0; i < 27; i++)
        {
            ids.Add((await fixture.Client.SubmitAsync("demo.echo", "{}", r => r.Labels.Add("suite", "paging"))).Id);
        }

        var page = await fixture.OpenAsync("#/jobs?label=suite%3Dpaging");
        await Expect(page.Locator("#jobs tbody tr")).ToHaveCountAsync(25);
        await Expect(page.Locator("#jobs tbody")).ToContainTextAsync(ids[^1]);

        await page.Locator("#next-page").ClickAsync();

        await Expect(page.Locator("#jobs tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#jobs tbody")).ToContainTextAsync(ids[0]);
        await Expect(page.Locator("#next-page")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task JobPage_SleepWithSteps_ProgressMovesAndEndsSucceededWithoutReload()
    {
        var job = await fixture.Client.SubmitAsync("demo.sleep", """{"seconds":4,"steps":8}""");
        var page = await fixture.OpenAsync("#/jobs/" + job.Id);
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;
        var progress = page.Locator("#job-progress");

        await Expect(progress).ToHaveAttributeAsync("aria-valuenow", PartWay());
        await DashboardServer.ScreenshotAsync(page, "job-running");
        await Expect(page.Locator("#job-state")).ToHaveTextAsync("SUCCEEDED");
        await Expect(progress).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(page.Locator("#job-result")).ToContainTextAsync("\"steps\":8");
        await Expect(page.Locator("#events tbody")).ToContainTextAsync("progress 50%");
        Assert.Equal(0, navigations);
        await DashboardServer.ScreenshotAsync(page, "job-succeeded");
    }

    [Fact]
    public async Task JobPage_Cancel_JobEndsCancelled()
    {
        var job = await fixture.Client.SubmitAsync("demo.sleep", """{"seconds":120,"steps":120}""");
        var page = await fixture.OpenAsync("#/jobs/" + job.Id);
        await Expect(page.Locator("#job-state")).ToHaveTextAsync("RUNNING");

        await page.Locator("#cancel").ClickAsync();

        await Expect(page.Locator("#job-state")).ToHaveTextAsync("CANCELLED");
        await Expect(page.Locator("#cancel")).ToBeDisabledAsync();
        Assert.Equal(JobState.Cancelled, (await fixture.Client.AwaitAsync(job.Id, TimeSpan.FromSeconds(30))).State);
    }

    [Fact]
    public async Task JobPage_FailedJob_ShowsItsError()
    {
        var job = await fixture.Client.RunAsync("demo.fail", """{"message":"dashboard boom"}""");
        Assert.Equal(JobState.Failed, job.State);

        var page = await fixture.OpenAsync("#/jobs/" + job.Id);

        await Expect(page.Locator("#job-state")).ToHaveTextAsync("FAILED");
        await Expect(page.Locator("#job-error")).ToContainTextAsync("dashboard boom");
        await Expect(page.Locator("#job-error-box")).ToBeVisibleAsync();
        await DashboardServer.ScreenshotAsync(page, "job-failed");
    }

    [Fact]
    public async Task JobPage_ResubmitFailedJob_CreatesANewJobWithTheSameTaskArgsAndLabels()
    {
        var failed = await fixture.Client.RunAsync("demo.fail", """{"message":"try again"}""", r => r.Labels.Add("suite", "resubmit"));
        var page = await fixture.OpenAsync("#/jobs/" + failed.Id);
        await Expect(page.Locator("#resubmit")).ToBeEnabledAsync();

        await page.Locator("#resubmit").ClickAsync();

        await Expect(page.Locator("#job-id")).Not.ToHaveTextAsync(failed.Id);
        var newId = await page.Locator("#job-id").TextContentAsync();
        await Expect(page.Locator("#job-state")).ToHaveTextAsync("FAILED");
        var again = await fixture.Client.GetAsync(newId!);
        Assert.NotEqual(failed.Id, again.Id);
        Assert.Equal("demo.fail", again.Task);
        Assert.Equal("try again", JsonPayload.Parse(again.Args).GetProperty("message").GetString());
        Assert.Equal("resubmit", again.Labels["suite"]);
    }

    [Fact]
    public async Task Workers_ProcessPool_ListsItsWorker()
    {
        await fixture.Client.RunAsync("demo.cpu", """{"n":1000}""");
        var page = await fixture.OpenAsync("#/workers");

        await Expect(page.Locator("#workers tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#workers tbody tr")).ToContainTextAsync("READY");
        await Expect(page.Locator("#workers tbody tr")).ToContainTextAsync("MiB");
        await DashboardServer.ScreenshotAsync(page, "workers");
    }

    [GeneratedRegex(@"^[0-9][0-9,.]*$")]
    private static partial Regex Number();

    [GeneratedRegex("^([1-9]|[1-9][0-9])$")]
    private static partial Regex PartWay();
}
