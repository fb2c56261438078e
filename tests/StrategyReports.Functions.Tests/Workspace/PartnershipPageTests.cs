using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Workspace;

public sealed class PartnershipPageTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IDisposable
{
    private readonly AppFactory _factory = CreateFactory(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_lead_sees_each_opened_quarter_newest_first_with_its_returns_and_reports_and_the_page_meets_wcag_22_aa()
    {
        var baseUrl = _factory.StartOnKestrel();
        await PublishBuryAsync();
        var page = await browser.NewPageAsync(baseUrl);

        await page.GotoAsync("/partnerships/bury");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#key", AppFactory.LeadKey);
        await page.ClickAsync("button[type=submit]");

        Assert.EndsWith("/partnerships/bury", page.Url, StringComparison.Ordinal);
        Assert.Equal("Bury Locality One Workforce Strategy", (await page.InnerTextAsync("h1")).Trim());
        // On 29 November 2026 the windows of 2025-26-Q1 to 2026-27-Q2 have opened; 2026-27-Q3's opens on 17 December.
        var quarters = await page.Locator("tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(["2026-27-Q2", "2026-27-Q1", "2025-26-Q4", "2025-26-Q3", "2025-26-Q2", "2025-26-Q1"], quarters.Select(q => q.Replace("Quarter ", "", StringComparison.Ordinal).Trim()));
        Assert.Equal("/partnerships/bury/reports/2026-27-Q2", await page.GetAttributeAsync("a:text('Reports for 2026-27-Q2')", "href"));
        Assert.Equal("/partnerships/bury/returns/2026-27-Q2", await page.GetAttributeAsync("a:text('Returns for 2026-27-Q2')", "href"));
        Assert.Equal(6, await page.Locator("a[href^='/partnerships/bury/programmes/'][href$='/2026-27-Q2']").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Theory]
    [InlineData("/partnerships/nowhere", AppFactory.AdminKey, HttpStatusCode.NotFound)]
    [InlineData("/partnerships/Not_An_Id", AppFactory.AdminKey, HttpStatusCode.NotFound)]
    [InlineData("/partnerships/bury", AppFactory.PartnerKey, HttpStatusCode.Forbidden)]
    public async Task Unknown_partnerships_and_partners_get_a_clear_page(string path, string key, HttpStatusCode expected)
    {
        await PublishBuryAsync();
        using var client = _factory.CreateClient(key);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_signing_in_the_page_sends_you_to_sign_in_and_back()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri("/partnerships/bury", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fpartnerships%2Fbury", response.Headers.Location?.OriginalString);
    }

    private static AppFactory CreateFactory(AzuriteFixture azurite)
    {
        var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero))));
        return factory;
    }

    private async Task PublishBuryAsync()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        using var body = new StringContent(await File.ReadAllTextAsync(RepositoryPaths.Combine("strategies", "bury.yaml")), System.Text.Encoding.UTF8, "application/yaml");
        var response = await admin.PutAsync(new Uri("/api/partnerships/bury/strategy", UriKind.Relative), body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
