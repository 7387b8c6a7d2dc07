using Microsoft.Playwright;
using TaskRpc.IntegrationTests.Infrastructure;

namespace TaskRpc.Dashboard.Tests.Infrastructure;

/// <summary>
/// One built server (child process, memory store, process pool of one worker) and one headless
/// Debian chromium driven by Playwright, shared by a test class. Screenshots go to
/// <see cref="ArtifactsDirectory"/> (TestResults/dashboard under the repository).
/// </summary>
public class DashboardServer : IAsyncLifetime
{
    /// <summary>Debian's chromium (test.sh installs it); Playwright downloads no browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ServerProcess? _server;

    static DashboardServer()
    {
        // A generous limit that only keeps a broken page from hanging the run; every wait is on page state.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>Server arguments a derived fixture adds.</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    internal TaskRpcClient Client => Server.Client;

    public string BaseUrl => $"http://127.0.0.1:{Server.HttpPort}/dashboard/";

    public static string ArtifactsDirectory { get; } = FindArtifactsDirectory();

    public async Task InitializeAsync()
    {
        // A worker that takes long to start on a crowded machine must not fail the fixture.
        _server = await ServerProcess.StartAsync(["--store", "memory", "--Engine:Processes:Size=1", "--Engine:Processes:StartTimeout=00:00:50", .. ExtraArguments]);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>A new page (its own context) at <see cref="BaseUrl"/> + <paramref name="hash"/>, 1280x800.</summary>
    public async Task<IPage> OpenAsync(string hash = "")
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl + hash);
        return page;
    }

    /// <summary>Saves a full-page screenshot as TestResults/dashboard/NAME.png.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static string FindArtifactsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TaskRpc.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "dashboard");
        Directory.CreateDirectory(path);
        return path;
    }
}
