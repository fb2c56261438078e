using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Admin;

/// <summary>The admin's pages in a real browser without JavaScript, each state checked with axe for WCAG 2.2 AA.</summary>
public sealed class AdminPagesTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IDisposable
{
    private readonly AppFactory _factory = CreateFactory(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task An_admin_publishes_a_strategy_by_upload_seeing_problems_by_line_then_the_changes_then_a_conflict()
    {
        var baseUrl = _factory.StartOnKestrel();
        var page = await SignedInAsync(baseUrl, "/partnerships/pages-publish/admin");
        var yaml = await StrategyPreviewApiTests.BuryAsync("pages-publish");

        // Empty: nothing published yet.
        Assert.Contains("No strategy has been published yet", await page.InnerTextAsync("#current-version"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // Error: no file chosen, then a file with a problem on a known line.
        await page.GotoAsync("/partnerships/pages-publish/admin/strategy");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("Choose the strategy", await page.InnerTextAsync(".nhsuk-error-summary"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
        var broken = yaml.Replace("sector: acute", "sector: not-a-sector", StringComparison.Ordinal);
        await UploadAsync(page, "strategy.yaml", broken);
        Assert.Contains($"Line {StrategyPreviewApiTests.LineOf(broken, "sector: not-a-sector")}", await page.InnerTextAsync(".nhsuk-error-summary"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // Success: the first version adds everything; confirm publishes it.
        await UploadAsync(page, "strategy.yaml", yaml);
        Assert.Contains("Added", await page.InnerTextAsync("#changes"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ClickAsync("text=Publish the strategy");
        Assert.Equal("Version 1 is published", (await page.InnerTextAsync("h1")).Trim());
        await Accessibility.AssertNoViolationsAsync(page);

        // A changed document shows the change; someone else publishes first; confirming is refused.
        await page.GotoAsync("/partnerships/pages-publish/admin/strategy");
        await UploadAsync(page, "strategy.yaml", yaml.Replace("  - id: bury-hospice", "  - id: bury-hospice-2", StringComparison.Ordinal));
        var changes = await page.InnerTextAsync("#changes");
        Assert.Contains("bury-hospice-2", changes, StringComparison.Ordinal);
        Assert.Contains("Removed", changes, StringComparison.Ordinal);
        using (var other = _factory.CreateClient(AppFactory.AdminKey))
        using (var body = new StringContent(yaml.Replace("name: Bury", "name: Bury elsewhere", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/yaml"))
        {
            Assert.Equal(HttpStatusCode.Created, (await other.PutAsync(new Uri("/api/partnerships/pages-publish/strategy", UriKind.Relative), body)).StatusCode);
        }

        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("text=Publish the strategy"), response => response.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        Assert.Contains("Someone else published", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task An_admin_issues_lists_and_revokes_a_personal_link_and_issues_codes_and_reopens_a_period_and_runs_a_rollup()
    {
        var baseUrl = _factory.StartOnKestrel();
        await PublishAsync("pages-tasks");
        var page = await SignedInAsync(baseUrl, "/partnerships/pages-tasks/admin/links");

        // Links: empty, error, issued once with a message, listed, revoked after a confirm.
        Assert.Contains("No links have been issued yet", await page.InnerTextAsync("#links"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ClickAsync("text=Issue the link");
        Assert.Contains("Partner: Name the partner", await page.InnerTextAsync(".nhsuk-error-summary"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.SelectOptionAsync("#partner", "bury-hospice");
        await page.ClickAsync("text=Issue the link");
        var link = await page.InnerTextAsync("#link");
        Assert.Matches("/r/.+", link);
        Assert.Contains(link, await page.InputValueAsync("#message"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GotoAsync("/partnerships/pages-tasks/admin/links");
        Assert.DoesNotContain(link, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Active", await page.InnerTextAsync("#links"), StringComparison.Ordinal);
        await page.ClickAsync("#links a:text('Revoke')");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ClickAsync("text=Revoke the link");
        Assert.Contains("was revoked", await page.InnerTextAsync("#notice"), StringComparison.Ordinal);
        Assert.Contains("Revoked", await page.InnerTextAsync("#links"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // Survey codes: error, then a printable sheet of slips.
        await page.GotoAsync("/partnerships/pages-tasks/admin/codes");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.FillAsync("#count", "0");
        await page.ClickAsync("text=Issue the codes");
        Assert.Contains("How many codes", await page.InnerTextAsync(".nhsuk-error-summary"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.FillAsync("#count", "4");
        await page.ClickAsync("text=Issue the codes");
        Assert.Equal(4, await page.Locator(".app-code-slip").CountAsync());
        Assert.Contains("/s/pages-tasks-pulse", await page.InnerTextAsync(".app-code-slip"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // Periods: reopen a closed one, then close it again.
        await page.GotoAsync("/partnerships/pages-tasks/admin/periods");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ClickAsync("button:text('Reopen') >> nth=0");
        Assert.Contains("is reopened", await page.InnerTextAsync("#notice"), StringComparison.Ordinal);
        await page.ClickAsync("button:text('Close again')");
        Assert.Contains("is closed again", await page.InnerTextAsync("#notice"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // Rollups and reports: a run's result with its version.
        await page.GotoAsync("/partnerships/pages-tasks/admin/runs");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.ClickAsync("button:text('Run the rollup')");
        Assert.Contains("Rollup for", await page.InnerTextAsync("#result"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // The audit trail shows each of these, newest first.
        await page.GotoAsync("/partnerships/pages-tasks/admin/audit");
        var first = await page.InnerTextAsync("#audit tbody tr:first-child");
        Assert.Contains("AdminRun", first, StringComparison.Ordinal);
        Assert.Contains("AdminIssueLink", await page.InnerTextAsync("#audit"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Theory]
    [InlineData(AppFactory.LeadKey, HttpStatusCode.Forbidden)]
    [InlineData(AppFactory.PartnerKey, HttpStatusCode.Forbidden)]
    public async Task Leads_and_partners_are_shown_the_refusal_page(string key, HttpStatusCode expected)
    {
        using var client = _factory.CreateClient(key);

        var response = await client.GetAsync(new Uri("/partnerships/bury/admin", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("You cannot", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<IPage> SignedInAsync(Uri baseUrl, string path)
    {
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync(path);
        await page.FillAsync("#key", AppFactory.AdminKey);
        await page.ClickAsync("button[type=submit]");
        Assert.EndsWith(path, page.Url, StringComparison.Ordinal);
        return page;
    }

    private static async Task UploadAsync(IPage page, string name, string text)
    {
        await page.SetInputFilesAsync("#file", new FilePayload { Name = name, MimeType = "application/octet-stream", Buffer = System.Text.Encoding.UTF8.GetBytes(text) });
        await page.ClickAsync("button:text('Check the document')");
    }

    private async Task PublishAsync(string partnershipId)
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        using var body = new StringContent(await StrategyPreviewApiTests.BuryAsync(partnershipId), System.Text.Encoding.UTF8, "application/yaml");
        var response = await admin.PutAsync(new Uri($"/api/partnerships/{partnershipId}/strategy", UriKind.Relative), body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static AppFactory CreateFactory(AzuriteFixture azurite)
    {
        var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero))));
        return factory;
    }
}
