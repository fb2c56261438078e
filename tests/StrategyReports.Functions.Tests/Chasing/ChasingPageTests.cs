using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Chasing;

/// <summary>The lead's chasing page in Chromium without JavaScript: every state meets WCAG 2.2 AA, and a reminder sent from it arrives.</summary>
public sealed class ChasingPageTests(AzuriteFixture azurite, MaildevFixture mail, BrowserFixture browser)
    : IClassFixture<AzuriteFixture>, IClassFixture<MaildevFixture>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private AppFactory _factory = null!;
    private Uri _baseUrl = null!;

    public Task InitializeAsync()
    {
        (_factory, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.WeekBeforeDue);
        _baseUrl = _factory.StartOnKestrel();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task With_every_return_in_there_is_nobody_to_chase()
    {
        var partnership = ChasingTestData.NewPartnership();
        await ChasingTestData.SeedAsync(_factory, partnership, "trust", "care-home", "hospice");
        var page = await browser.NewPageAsync(_baseUrl);

        await SignInAtAsync(page, $"/partnerships/{partnership}/returns/{ChasingTestData.Period}/chasing");

        Assert.Contains("there is nobody to chase", await page.InnerTextAsync("#none-missing"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#missing").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_lead_reaches_the_page_from_the_returns_page_and_sends_a_reminder_that_arrives_then_reminds_everyone_missing()
    {
        await mail.DeleteAllAsync();
        var partnership = ChasingTestData.NewPartnership();
        await ChasingTestData.SeedAsync(_factory, partnership, "trust");
        var page = await browser.NewPageAsync(_baseUrl);
        await SignInAtAsync(page, $"/partnerships/{partnership}/returns/{ChasingTestData.Period}");

        await page.ClickAsync("#chasing-link");

        Assert.True(page.Url.EndsWith($"/partnerships/{partnership}/returns/{ChasingTestData.Period}/chasing", StringComparison.Ordinal), page.Url);
        var table = await page.InnerTextAsync("#missing");
        Assert.Contains("Willow Care Home", table, StringComparison.Ordinal);
        Assert.Contains("manager@willow.example.org", table, StringComparison.Ordinal);
        Assert.Contains("Valley Hospice", table, StringComparison.Ordinal);
        Assert.DoesNotContain("Acute Trust", table, StringComparison.Ordinal);
        Assert.Contains("None sent", await page.InnerTextAsync("#partner-care-home"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        await page.ClickAsync("#partner-care-home button");

        Assert.Contains("1 reminder sent by e-mail", await page.InnerTextAsync("#sent"), StringComparison.Ordinal);
        Assert.Contains("sent by test admin", await page.InnerTextAsync("#partner-care-home"), StringComparison.Ordinal);
        var email = Assert.Single(await mail.WaitForEmailsAsync(1));
        Assert.Equal("manager@willow.example.org", email.To[0].Address);
        Assert.Equal("Reminder: Willow Care Home's return for July to September 2026 is due by 21 October 2026", email.Subject);
        Assert.Contains("personal return link", email.Text, StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // The hospice has no contact: its reminder is shown to copy, and the care home's goes again.
        await page.ClickAsync("button[name=all]");

        Assert.Contains("1 of 2 reminders sent by e-mail", await page.InnerTextAsync("#sent"), StringComparison.Ordinal);
        Assert.Contains("Reminder: Valley Hospice's return for July to September 2026", await page.InnerTextAsync("#reminder-hospice"), StringComparison.Ordinal);
        Assert.Contains("Valley Hospice's quarterly return", await page.InputValueAsync("#body-hospice"), StringComparison.Ordinal);
        Assert.Equal(2, (await mail.WaitForEmailsAsync(2)).Count);
        await Accessibility.AssertNoViolationsAsync(page);
    }

    private static async Task SignInAtAsync(Microsoft.Playwright.IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.FillAsync("#key", AppFactory.AdminKey);
        await page.ClickAsync("button[type=submit]");
        Assert.EndsWith(path, page.Url, StringComparison.Ordinal);
    }
}
