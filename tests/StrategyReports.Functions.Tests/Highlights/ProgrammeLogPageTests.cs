using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Tests.Security;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Highlights;

public sealed class ProgrammeLogPageTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string PagePath = "/partnerships/bury/programmes/wellbeing/2026-27-Q2";

    private AppFactory _factory = null!;
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        _factory = new AppFactory(azurite);
        _factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero))));
        _baseUrl = _factory.StartOnKestrel();
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        (await admin.PutAsync("/api/partnerships/bury/strategy", new StringContent(AccessMatrixFixture.Strategy("bury"), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_lead_writes_submits_and_keeps_the_logs_without_javascript_and_the_page_meets_wcag_22_aa()
    {
        var baseUrl = _baseUrl;
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync(PagePath);
        await page.FillAsync("#key", AppFactory.ScopedLeadKey);
        await page.ClickAsync("button[type=submit]");
        Assert.EndsWith(PagePath, page.Url, StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // Submitting without the commentary names the field, keeps what was typed, and is still accessible.
        await page.FillAsync("#achievements", "Hubs opened in two neighbourhoods");
        await page.ClickAsync("button[value=submitted]");
        Assert.Contains("write the overall commentary before submitting", await page.InnerTextAsync(".nhsuk-error-summary"), StringComparison.Ordinal);
        Assert.Equal("Hubs opened in two neighbourhoods", await page.InputValueAsync("#achievements"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.FillAsync("#commentary", "On track; funding is the worry");
        await page.ClickAsync("button[value=submitted]");
        Assert.Contains("Your highlight is submitted", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal("On track; funding is the worry", await page.InputValueAsync("#commentary"));

        await page.FillAsync("#risk-description", "Hub funding ends in March");
        await page.FillAsync("#risk-owner", "Wellbeing lead");
        await page.SelectOptionAsync("#risk-likelihood", "4");
        await page.SelectOptionAsync("#risk-consequence", "4");
        await page.ClickAsync("text=Add risk");
        var main = await page.InnerTextAsync("main");
        Assert.Contains("16 Extreme", main, StringComparison.Ordinal);
        Assert.Contains("Escalated", main, StringComparison.Ordinal);

        await page.FillAsync("#milestone-name", "Hubs open in every neighbourhood");
        await page.SelectOptionAsync("#milestone-due", "2026-27-Q1");
        await page.ClickAsync("text=Add milestone");
        Assert.Contains("Red: overdue", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        using var lead = _factory.CreateClient(AppFactory.ScopedLeadKey);
        var api = await lead.GetStringAsync(new Uri("/api/partnerships/bury/highlights/2026-27-Q2/wellbeing", UriKind.Relative));
        Assert.Contains("\"signOff\":\"submitted\"", api, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_of_another_programme_is_refused_and_a_signed_in_post_without_the_token_is_refused()
    {
        using var other = _factory.CreateClient(AppFactory.ScopedLeadKey);
        var refused = await other.GetAsync(new Uri("/partnerships/bury/programmes/recruitment/2026-27-Q2", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var baseUrl = _baseUrl;
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync(PagePath);
        await page.FillAsync("#key", AppFactory.ScopedLeadKey);
        await page.ClickAsync("button[type=submit]");
        var forged = await page.APIRequest.PostAsync(baseUrl + PagePath.TrimStart('/'), new() { Form = page.APIRequest.CreateFormData().Set("form", "risk").Set("description", "x") });
        Assert.Equal(400, forged.Status);
    }
}
