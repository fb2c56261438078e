using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Returns;

public sealed class ReturnPagesTests : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IDisposable
{
    private readonly AppFactory _factory;
    private readonly TestClock _clock;
    private readonly BrowserFixture _browser;

    public ReturnPagesTests(AzuriteFixture azurite, BrowserFixture browser)
    {
        (_factory, _clock) = Create(azurite);
        _browser = browser;
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_returns_officer_opens_their_link_corrects_a_mistake_submits_and_the_return_is_in_the_api()
    {
        var baseUrl = _factory.StartOnKestrel();
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        _clock.Now = PreviousQuarterOpen;
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "care-home", GoodCareHomeReturn, period: "2026-27-Q1")).StatusCode);
        _clock.Now = Open;
        var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner = "care-home", expiresInDays = 90 });
        var link = (await JsonAsync(issued)).GetProperty("url").GetString()!;

        var version = 0;
        foreach (var page in new[] { await _browser.NewPageAsync(baseUrl), await _browser.NewPhonePageAsync(baseUrl) })
        {
            version++;
            var home = await page.GotoAsync(link);
            Assert.Equal(200, home!.Status);
            Assert.Equal("Returns for Willow Care Home", await page.InnerTextAsync("h1"));
            await page.ClickAsync($"#due a[href='/r/returns/{PeriodId}']");

            Assert.Equal("Quarterly return for July to September 2026 (2026-27-Q2)", await page.InnerTextAsync("h1"));
            Assert.Equal(["Wellbeing", "About this quarter"], await page.Locator("legend h2").AllInnerTextsAsync());
            Assert.Equal("How many of your roles are vacant?", await page.InnerTextAsync("label[for=values-vacancies]"));
            Assert.Contains("Give a number of roles. Funded posts not filled at the end of the quarter.", await page.InnerTextAsync("#values-vacancies-hint"), StringComparison.Ordinal);
            Assert.Contains("Last quarter: 4", await page.InnerTextAsync("#values-vacancies-hint"), StringComparison.Ordinal);
            Assert.Contains("Last quarter: 30 / 600", await page.InnerTextAsync("#values-sickness-absence-hint"), StringComparison.Ordinal);
            Assert.Equal("Days lost to sickness", await page.InnerTextAsync("label[for=values-sickness-absence-numerator]"));
            Assert.Equal("Days available", await page.InnerTextAsync("label[for=values-sickness-absence-denominator]"));
            Assert.Equal(0, await page.Locator("#values-agency-spend").CountAsync());
            await Accessibility.AssertNoViolationsAsync(page);

            // The mistakes: words for a count, more days lost than available.
            await page.FillAsync("#values-vacancies", "four");
            await page.FillAsync("#values-sickness-absence-numerator", "700");
            await page.FillAsync("#values-sickness-absence-denominator", "600");
            await page.CheckAsync("#values-edi-strategy");
            await page.FillAsync("#narrative-achievements", "Opened a staff wellbeing room");
            await page.FillAsync("#submittedBy", "Ola Returns");
            await page.ClickAsync("#continue");

            Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
            Assert.Equal(["#values-vacancies", "#values-sickness-absence-numerator"], await HrefsAsync(page));
            Assert.Contains("Vacancies must be a number", await page.InnerTextAsync("#values-vacancies-error"), StringComparison.Ordinal);
            Assert.Contains("cannot be more than days available", await page.InnerTextAsync("#values-sickness-absence-numerator-error"), StringComparison.Ordinal);
            Assert.Equal("four", await page.InputValueAsync("#values-vacancies"));
            Assert.Equal("Opened a staff wellbeing room", await page.InputValueAsync("#narrative-achievements"));
            Assert.True(await page.IsCheckedAsync("#values-edi-strategy"));
            await Accessibility.AssertNoViolationsAsync(page);

            await page.FillAsync("#values-vacancies", "5");
            await page.FillAsync("#values-sickness-absence-numerator", "30");
            await page.ClickAsync("#continue");

            Assert.Equal("Check your answers before sending your return for July to September 2026 (2026-27-Q2)", await page.InnerTextAsync("h1"));
            var vacancies = page.Locator(".nhsuk-summary-list__row").First;
            Assert.Equal("How many of your roles are vacant?", await vacancies.Locator(".nhsuk-summary-list__key").InnerTextAsync());
            Assert.Equal("5", await vacancies.Locator(".nhsuk-summary-list__value").InnerTextAsync());
            Assert.Equal("Days lost to sickness: 30; Days available: 600", await page.Locator(".nhsuk-summary-list__row").Nth(1).Locator(".nhsuk-summary-list__value").InnerTextAsync());
            Assert.Equal($"/r/returns/{PeriodId}#values-vacancies", await page.Locator(".nhsuk-summary-list__actions a").First.GetAttributeAsync("href"));
            await Accessibility.AssertNoViolationsAsync(page);

            // Change one answer: the form comes back with every answer kept.
            await page.Locator(".nhsuk-summary-list__actions a").First.ClickAsync();
            Assert.Equal("5", await page.InputValueAsync("#values-vacancies"));
            Assert.Equal("Opened a staff wellbeing room", await page.InputValueAsync("#narrative-achievements"));
            await page.ClickAsync("#continue");
            await page.ClickAsync("#submit");

            Assert.Equal("Return submitted", await page.InnerTextAsync("h1"));
            Assert.Equal($"{p}/2026-27-Q2/care-home/v{version}".ToUpperInvariant(), await page.InnerTextAsync("#reference"));
            Assert.Contains("Volunteers was left blank", await page.InnerTextAsync("#warnings"), StringComparison.Ordinal);
            Assert.Equal("What happens next", await page.InnerTextAsync("#what-happens-next"));
            Assert.Contains("query a figure", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await Accessibility.AssertNoViolationsAsync(page);
        }

        var stored = await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)));
        var latest = stored.GetProperty("latest");
        Assert.Equal(2, latest.GetProperty("version").GetInt32());
        Assert.Equal(5, latest.GetProperty("values").GetProperty("vacancies").GetInt32());
        Assert.Equal(30, latest.GetProperty("values").GetProperty("sickness-absence").GetProperty("numerator").GetInt32());
        Assert.True(latest.GetProperty("values").GetProperty("edi-strategy").GetBoolean());
        Assert.Equal("Opened a staff wellbeing room", latest.GetProperty("narrative").GetProperty("achievements").GetString());
        Assert.Equal("Ola Returns", latest.GetProperty("submittedBy").GetString());
        Assert.Equal(2, stored.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task A_returns_officer_downloads_their_return_as_a_spreadsheet_edits_it_and_uploads_it_from_the_form()
    {
        var baseUrl = _factory.StartOnKestrel();
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "care-home", GoodCareHomeReturn)).StatusCode);
        var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner = "care-home", expiresInDays = 90 });
        var page = await _browser.NewPageAsync(baseUrl);
        await page.GotoAsync((await JsonAsync(issued)).GetProperty("url").GetString()!);
        await page.GotoAsync($"/r/returns/{PeriodId}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=CSV"));
        var (header, rows) = Exports.ExportsTestData.ReadCsv(await File.ReadAllTextAsync(await download.PathAsync()));
        Exports.ExportsTestData.RowOf(header, rows, "care-home", "volunteers")[header.IndexOf("value")] = "15";
        var edited = System.Text.Encoding.UTF8.GetBytes(Exports.ExportsTestData.WriteCsv(header, rows));

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "care-home.csv", MimeType = "text/csv", Buffer = edited });
        await page.CheckAsync("#check-only");
        await page.ClickAsync("#upload-button");
        Assert.Equal("Your file was checked: nothing was stored", await page.InnerTextAsync("h1"));
        Assert.Contains("Volunteers\t12\t15", await page.InnerTextAsync("#changes tbody"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // A file input cannot be filled in again by the page, so the officer chooses the file once more.
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "care-home.csv", MimeType = "text/csv", Buffer = edited });
        await page.ClickAsync("#upload-button");
        Assert.Equal("Return submitted from your file", await page.InnerTextAsync("h1"));
        Assert.Equal($"{p}/2026-27-Q2/care-home/v2".ToUpperInvariant(), await page.InnerTextAsync("#reference"));
        await Accessibility.AssertNoViolationsAsync(page);

        var latest = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("latest");
        Assert.Equal(15, latest.GetProperty("values").GetProperty("volunteers").GetInt32());
        Assert.Equal(4, latest.GetProperty("values").GetProperty("vacancies").GetInt32());
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_lead_signs_in_and_sees_who_has_submitted_who_is_late_and_who_is_missing()
    {
        var baseUrl = _factory.StartOnKestrel();
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        await PublishAsync(admin, "bury");
        await PutAsync(admin, "bury", "care-home", GoodCareHomeReturn);
        _clock.Now = AfterDue;
        await PutAsync(admin, "bury", "trust", """{"values": {"vacancies": 2}}""");

        foreach (var page in new[] { await _browser.NewPageAsync(baseUrl), await _browser.NewPhonePageAsync(baseUrl) })
        {
            await page.GotoAsync($"/partnerships/bury/returns/{PeriodId}");
            Assert.Contains("/signin?returnUrl=", page.Url, StringComparison.Ordinal);
            await page.FillAsync("#key", AppFactory.LeadKey);
            await page.ClickAsync("button[type=submit]");

            Assert.EndsWith($"/partnerships/bury/returns/{PeriodId}", page.Url, StringComparison.Ordinal);
            Assert.Equal("Returns for 2026-27-Q2", await page.InnerTextAsync("h1"));
            Assert.Equal("2 of 3 returns received (1 late), 1 missing.", await page.InnerTextAsync("#summary"));
            var rows = await page.Locator("tbody tr").AllInnerTextsAsync();
            Assert.Contains(rows, r => r.Contains("Acute Trust", StringComparison.Ordinal) && r.Contains("Late", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Contains("Willow Care Home", StringComparison.Ordinal) && r.Contains("On time", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Contains("Bury Council", StringComparison.Ordinal) && r.Contains("Missing", StringComparison.Ordinal));
            Assert.Equal(0, await page.Locator("#sample-data").CountAsync());
            await Accessibility.AssertNoViolationsAsync(page);
        }

        // Generated sample data is said to be so wherever it shows.
        var sample = $$"""{"values": {"vacancies": 1}, "submittedBy": "{{StrategyReports.Domain.Returns.QuarterlyReturn.SampleDataSubmitter}}"}""";
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, "bury", "bury-council", sample)).StatusCode);
        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        Assert.Contains("generated sample data", await lead.GetStringAsync(new Uri($"/partnerships/bury/returns/{PeriodId}", UriKind.Relative)), StringComparison.Ordinal);
        var completeness = await JsonAsync(await lead.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}", UriKind.Relative)));
        Assert.True(completeness.GetProperty("late").EnumerateArray().Single(r => r.GetProperty("partner").GetString() == "bury-council").GetProperty("isSampleData").GetBoolean());

        using var partner = _factory.CreateClient(AppFactory.PartnerKey);
        var refused = await partner.GetAsync(new Uri($"/partnerships/bury/returns/{PeriodId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    // Attribute by attribute: evaluating script never returns in a page with JavaScript off.
    private static async Task<string[]> HrefsAsync(IPage page)
    {
        var links = page.Locator(".nhsuk-error-summary a");
        var hrefs = new List<string>();
        for (var i = 0; i < await links.CountAsync(); i++)
        {
            hrefs.Add(await links.Nth(i).GetAttributeAsync("href") ?? "");
        }

        return [.. hrefs];
    }
}
