using System.Net;
using System.Net.Http.Json;
using System.Text;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Returns;

/// <summary>The partner's page behind its personal link, in Chromium with axe: nothing yet, a history, a draft kept, and never another partner's figures.</summary>
public sealed class PartnerPageTests : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IDisposable
{
    private const string LastQuarter = "2026-27-Q1";

    private readonly AppFactory _factory;
    private readonly TestClock _clock;
    private readonly BrowserFixture _browser;

    public PartnerPageTests(AzuriteFixture azurite, BrowserFixture browser)
    {
        (_factory, _clock) = Create(azurite);
        _browser = browser;
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Before_the_first_return_opens_the_page_says_when_it_will()
    {
        var baseUrl = _factory.StartOnKestrel();
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishStrategyAsync(admin, p, Strategy(p).Replace("\"firstPeriod\": \"2025-26-Q1\"", $"\"firstPeriod\": \"{PeriodId}\"", StringComparison.Ordinal));
        _clock.Now = BeforeOpen;
        var page = await _browser.NewPageAsync(baseUrl);

        await page.GotoAsync(await IssueAsync(admin, p, "care-home"));

        Assert.Equal("Returns for Willow Care Home", await page.InnerTextAsync("h1"));
        Assert.Equal("No return is due now. Returns for July to September 2026 (2026-27-Q2) open on 16 September 2026.", await page.InnerTextAsync("#nothing-due"));
        Assert.Equal("There are no past returns yet.", await page.InnerTextAsync("#no-past"));
        Assert.Equal(0, await page.Locator("#figures-heading").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task With_a_history_the_page_lists_the_return_due_past_returns_and_the_partners_figures_beside_the_partnerships()
    {
        var baseUrl = _factory.StartOnKestrel();
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        await SeedLastQuarterAsync(admin, p);
        _clock.Now = Open;
        var link = await IssueAsync(admin, p, "care-home");

        foreach (var page in new[] { await _browser.NewPageAsync(baseUrl), await _browser.NewPhonePageAsync(baseUrl) })
        {
            await page.GotoAsync(link);

            var due = await page.Locator("#due tbody tr").AllInnerTextsAsync();
            var row = Assert.Single(due);
            Assert.Contains("July to September 2026 (2026-27-Q2)", row, StringComparison.Ordinal);
            Assert.Contains("21 October 2026", row, StringComparison.Ordinal);
            Assert.Contains("Not started", row, StringComparison.Ordinal);
            var past = await page.Locator("#past tbody tr").AllInnerTextsAsync();
            Assert.Equal(5, past.Count);
            Assert.Contains("April to June 2026 (2026-27-Q1)", past[0], StringComparison.Ordinal);
            Assert.Contains("Submitted late", past[0], StringComparison.Ordinal);
            Assert.Contains("Not submitted", past[1], StringComparison.Ordinal);
            Assert.Equal("Your figures and the partnership's for April to June 2026 (2026-27-Q1)", await page.InnerTextAsync("#figures-heading"));
            var figures = await page.Locator(".app-figures tbody tr").AllInnerTextsAsync();
            Assert.Contains(figures, f => f.Contains("Vacancies", StringComparison.Ordinal) && f.Contains("4 roles", StringComparison.Ordinal) && f.Contains("15,038 roles", StringComparison.Ordinal));
            Assert.Contains(figures, f => f.Contains("EDI strategy in place", StringComparison.Ordinal) && f.Contains("Yes", StringComparison.Ordinal) && f.Contains("2 of 3 partners", StringComparison.Ordinal));
            await Accessibility.AssertNoViolationsAsync(page);

            await page.ClickAsync($"#due a[href='/r/returns/{PeriodId}']");
            Assert.Equal("Quarterly return for July to September 2026 (2026-27-Q2)", await page.InnerTextAsync("h1"));
        }
    }

    [Fact]
    public async Task The_page_never_shows_another_partners_figures_even_where_a_total_would_give_them_away()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        // Letters only: the partnership's name is on the page, and must not hold a digit the search below looks for.
        var p = "t-" + string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + (c % 26))));
        await PublishAsync(admin, p);
        await SeedLastQuarterAsync(admin, p);
        _clock.Now = Open;
        using var browser = _factory.CreateClient();
        await browser.GetAsync(new Uri(await IssueAsync(admin, p, "care-home"), UriKind.Relative));

        var html = await browser.GetStringAsync(new Uri("/r", UriKind.Relative));

        foreach (var theirs in new[] { "7013", "7,013", "8021", "8,021", "4321", "4,321", "98765", "98,765", "4.4%", "Trust narrative", "Council narrative" })
        {
            Assert.DoesNotContain(theirs, html, StringComparison.Ordinal);
        }

        Assert.Contains("15,038 roles", html, StringComparison.Ordinal);
        // Sickness absence came from two partners only: the total less the care home's own would be the trust's.
        var sickness = html[html.IndexOf("Sickness absence", StringComparison.Ordinal)..];
        Assert.Contains("5.0%", sickness[..sickness.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("Not shown: fewer than 3 partners gave a figure", sickness[..sickness.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_saved_draft_is_marked_on_the_page_and_restored_in_the_form()
    {
        var baseUrl = _factory.StartOnKestrel();
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        var link = await IssueAsync(admin, p, "care-home");
        var page = await _browser.NewPageAsync(baseUrl);
        await page.GotoAsync(link);
        await page.ClickAsync($"#due a[href='/r/returns/{PeriodId}']");
        await page.FillAsync("#values-vacancies", "6");
        await page.FillAsync("#narrative-achievements", "Half way through");
        await page.ClickAsync("#save-draft");
        Assert.Contains("Your draft was saved", await page.InnerTextAsync("#draft-saved"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        var later = await _browser.NewPageAsync(baseUrl);
        await later.GotoAsync(link);
        Assert.Contains("Draft saved", await later.InnerTextAsync("#due"), StringComparison.Ordinal);
        await later.ClickAsync($"#due a[href='/r/returns/{PeriodId}']");

        Assert.Contains("This is the draft you saved", await later.InnerTextAsync("#draft-restored"), StringComparison.Ordinal);
        Assert.Equal("6", await later.InputValueAsync("#values-vacancies"));
        Assert.Equal("Half way through", await later.InputValueAsync("#narrative-achievements"));
        await Accessibility.AssertNoViolationsAsync(later);
    }

    // Last quarter: the care home late, the trust and the council on time, each with figures of its own; then the rollup.
    private async Task SeedLastQuarterAsync(HttpClient admin, string p)
    {
        _clock.Now = PreviousQuarterOpen;
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "trust", """{"values": {"vacancies": 7013, "sickness-absence": {"numerator": 4321, "denominator": 98765}, "edi-strategy": true}, "narrative": {"achievements": "Trust narrative"}}""", period: LastQuarter)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "bury-council", """{"values": {"vacancies": 8021, "edi-strategy": false}, "narrative": {"achievements": "Council narrative"}}""", period: LastQuarter)).StatusCode);
        _clock.Now = new DateTimeOffset(2026, 7, 25, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "care-home", GoodCareHomeReturn, period: LastQuarter)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri($"/api/partnerships/{p}/rollups/{LastQuarter}", UriKind.Relative), null)).StatusCode);
    }

    private static async Task PublishStrategyAsync(HttpClient admin, string p, string strategy)
    {
        using var content = new StringContent(strategy, Encoding.UTF8, "application/json");
        (await admin.PutAsync(new Uri($"/api/partnerships/{p}/strategy", UriKind.Relative), content)).EnsureSuccessStatusCode();
    }

    private static async Task<string> IssueAsync(HttpClient admin, string p, string partner)
    {
        var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner, expiresInDays = 90 });
        return (await JsonAsync(issued)).GetProperty("url").GetString()!;
    }
}
