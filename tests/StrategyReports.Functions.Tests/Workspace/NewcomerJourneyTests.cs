using Microsoft.Playwright;
using StrategyReports.Functions.Tests.Admin;
using StrategyReports.Functions.Tests.Chasing;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Workspace;

/// <summary>
/// The whole quarter as a newcomer does it in the browser alone, without JavaScript: the admin publishes a changed
/// strategy and issues a personal link; the partner submits through it; the lead queries the return, the partner
/// answers and the lead accepts; the lead reminds a missing partner (the mail arrives at a real SMTP server); the admin
/// runs the rollup and the reports; the report's PDF downloads. Every page on the way is checked with axe.
/// </summary>
public sealed class NewcomerJourneyTests(AzuriteFixture azurite, BrowserFixture browser, MaildevFixture mail)
    : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IClassFixture<MaildevFixture>
{
    private const string P = "journey";
    private const string Q = "2026-27-Q2";

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_newcomer_publishes_issues_a_link_takes_a_return_through_query_and_acceptance_chases_a_partner_and_downloads_the_report()
    {
        var (factory, _) = ChasingTestData.Create(azurite, mail, ChasingTestData.AfterDue);
        using var _factory = factory;
        var baseUrl = factory.StartOnKestrel();
        var yaml = await StrategyPreviewApiTests.BuryAsync(P);

        // The admin signs in and publishes the strategy, then a changed one, seeing the change before confirming.
        var admin = await browser.NewPageAsync(baseUrl);
        await admin.GotoAsync($"/partnerships/{P}/admin/strategy");
        await admin.FillAsync("#key", AppFactory.AdminKey);
        await admin.ClickAsync("button[type=submit]");
        await UploadAsync(admin, yaml);
        await admin.ClickAsync("text=Publish the strategy");
        Assert.Equal("Version 1 is published", (await admin.InnerTextAsync("h1")).Trim());
        await admin.GotoAsync($"/partnerships/{P}/admin/strategy");
        await UploadAsync(admin, yaml.Replace("name: Bury", "name: Bury One Workforce", StringComparison.Ordinal));
        Assert.Contains("Bury One Workforce", await admin.InnerTextAsync("#changes"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(admin);
        await admin.ClickAsync("text=Publish the strategy");
        Assert.Equal("Version 2 is published", (await admin.InnerTextAsync("h1")).Trim());

        // A personal link for Persona, shown once.
        await admin.GotoAsync($"/partnerships/{P}/admin/links");
        await admin.SelectOptionAsync("#partner", "persona");
        await admin.ClickAsync("text=Issue the link");
        // The link names the deployment's public https address; the test server listens on plain http.
        var link = new Uri((await admin.InnerTextAsync("#link")).Trim()).PathAndQuery;
        await Accessibility.AssertNoViolationsAsync(admin);

        // The returns officer opens it, goes to the quarter's form, answers, checks the answers and submits.
        var officer = await browser.NewPageAsync(baseUrl);
        await officer.GotoAsync(link);
        await Accessibility.AssertNoViolationsAsync(officer);
        await officer.ClickAsync($"a[href='/r/returns/{Q}']");
        var figure = officer.Locator("form input.nhsuk-input:not([id$=numerator]):not([id$=denominator])").First;
        var figureId = await figure.GetAttributeAsync("id");
        await figure.FillAsync("12");
        await officer.ClickAsync("#continue");
        await Accessibility.AssertNoViolationsAsync(officer);
        await officer.ClickAsync("#submit");
        Assert.Contains("Return submitted", await officer.InnerTextAsync("h1"), StringComparison.OrdinalIgnoreCase);
        await Accessibility.AssertNoViolationsAsync(officer);

        // The lead (here the admin) queries it from the returns page.
        await admin.GotoAsync($"/partnerships/{P}/returns/{Q}");
        await admin.ClickAsync("a[href$='/persona']");
        await admin.CheckAsync("#decision-query");
        await admin.FillAsync("#comment", "Is that figure for the whole organisation?");
        await admin.ClickAsync("text=Record the decision");
        Assert.Equal("Queried", (await admin.InnerTextAsync("#review-state")).Trim());

        // The officer sees the query behind the same link and answers it with a new version.
        await officer.GotoAsync(link);
        Assert.Contains("whole organisation", await officer.InnerTextAsync($"#query-{Q}"), StringComparison.Ordinal);
        await officer.ClickAsync($"#query-{Q} a");
        Assert.Contains("whole organisation", await officer.InnerTextAsync("#return-query"), StringComparison.Ordinal);
        await officer.FillAsync($"#{figureId}", "14");
        await officer.ClickAsync("#continue");
        await officer.ClickAsync("#submit");

        // The lead accepts the new version.
        await admin.ReloadAsync();
        Assert.Equal("Awaiting review", (await admin.InnerTextAsync("#review-state")).Trim());
        await admin.CheckAsync("#decision");
        await admin.ClickAsync("text=Record the decision");
        Assert.Equal("Accepted", (await admin.InnerTextAsync("#review-state")).Trim());

        // The lead chases a partner that has not returned; the reminder arrives.
        await admin.GotoAsync($"/partnerships/{P}/returns/{Q}/chasing");
        await Accessibility.AssertNoViolationsAsync(admin);
        await admin.ClickAsync("#partner-pcft button");
        var reminder = (await mail.WaitForEmailsAsync(1)).Single(m => m.To.Any(to => to.Address == "bury.workforce@pcft.nhs.example.net"));
        Assert.Contains("July to September 2026", reminder.Subject + reminder.Text, StringComparison.Ordinal);

        // The admin runs the rollup and the reports for the quarter, and downloads a report's PDF.
        await admin.GotoAsync($"/partnerships/{P}/admin/runs");
        await admin.SelectOptionAsync("select", Q);
        await admin.ClickAsync("button:text('Run the rollup')");
        Assert.Contains("Rollup for", await admin.InnerTextAsync("#result"), StringComparison.Ordinal);
        await admin.SelectOptionAsync("select", Q);
        await admin.ClickAsync("button:text('Generate the reports')");
        await Accessibility.AssertNoViolationsAsync(admin);
        await admin.GotoAsync($"/partnerships/{P}/reports/{Q}");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.ClickAsync("text=Download PDF >> nth=0"));
        await using var pdf = await download.CreateReadStreamAsync();
        var head = new byte[4];
        await pdf.ReadExactlyAsync(head);
        Assert.Equal("%PDF"u8.ToArray(), head);
    }

    private static async Task UploadAsync(IPage page, string yaml)
    {
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "strategy.yaml", MimeType = "application/octet-stream", Buffer = System.Text.Encoding.UTF8.GetBytes(yaml) });
        await page.ClickAsync("button:text('Check the document')");
    }
}
