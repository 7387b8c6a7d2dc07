using System.Net;
using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.Playwright;
using TaskRpc.Contracts.V1;
using TaskRpc.Dashboard.Tests.Infrastructure;
using TaskRpc.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TaskRpc.Dashboard.Tests;

/// <summary>With authentication on, the dashboard asks for a key and shows only the caller's tenant.</summary>
public sealed class DashboardAuthTests(AuthenticatedDashboardServer fixture) : IClassFixture<AuthenticatedDashboardServer>
{
    [Fact]
    public async Task Api_WithoutCredentials_Answers401AndNothingAboutJobs()
    {
        using var http = new HttpClient();

        using var anonymous = await http.GetAsync(new Uri(fixture.BaseUrl + "api/jobs"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.BaseUrl + "api/jobs"));
        request.Headers.Add("x-api-key", AuthenticatedDashboardServer.AcmeKey);
        using var signedIn = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Missing credentials", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Page_SignedInAsTenant_SeesOnlyItsJobsReadOnly()
    {
        var acme = await SubmitAsync(AuthenticatedDashboardServer.AcmeKey, "acme");
        var globex = await SubmitAsync(AuthenticatedDashboardServer.GlobexKey, "globex");
        var page = await fixture.OpenAsync("#/jobs");
        await Expect(page.Locator("#login")).ToContainTextAsync("Missing credentials");

        await page.Locator("#key").FillAsync(AuthenticatedDashboardServer.AcmeKey);
        await page.Locator("#login button").ClickAsync();

        await Expect(page.Locator("#session")).ToHaveTextAsync("tenant acme · read-only");
        await Expect(page.Locator("#jobs tbody")).ToContainTextAsync(acme.Id);
        await Expect(page.Locator("#jobs tbody")).Not.ToContainTextAsync(globex.Id);
        await page.GotoAsync(fixture.BaseUrl + "#/jobs/" + globex.Id);
        await Expect(page.Locator("main")).ToContainTextAsync(new Regex("not found", RegexOptions.IgnoreCase));
    }

    [Fact]
    public async Task Page_SignedInAsAdmin_SeesEveryTenantAndMayAct()
    {
        var acme = await SubmitAsync(AuthenticatedDashboardServer.AcmeKey, "acme-admin-view");
        var page = await fixture.OpenAsync("#/jobs");

        await page.Locator("#key").FillAsync(AuthenticatedDashboardServer.AdminKey);
        await page.Locator("#login button").ClickAsync();

        await Expect(page.Locator("#session")).ToHaveTextAsync("all tenants");
        await Expect(page.Locator("#jobs tbody")).ToContainTextAsync(acme.Id);
    }

    private async Task<Job> SubmitAsync(string key, string marker)
    {
        var request = new SubmitRequest { Task = "demo.echo", Args = JsonPayload.From($$"""{"marker":"{{marker}}"}"""), Wait = true };
        return await fixture.Client.Service.SubmitAsync(
            request, new Metadata { { "x-api-key", key } }, DateTime.UtcNow + TaskRpcClient.CallTimeout).ResponseAsync;
    }
}
