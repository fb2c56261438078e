using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StrategyReports.Functions.Tests.Security;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Highlights;

/// <summary>
/// The pages under the lead's log where a risk is rescored, flagged, closed or reopened and a milestone's
/// progress recorded, in a real Chromium with JavaScript off, checked with axe, against the same versions
/// the API keeps. Tests share one storage, so each works on risks and milestones of its own.
/// </summary>
public sealed class RiskAndMilestonePagesTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Q = "2026-27-Q2";
    private const string Api = "/api/partnerships/bury/programmes";
    private const string Recruitment = "/partnerships/bury/programmes/recruitment/" + Q;
    private const string Wellbeing = "/partnerships/bury/programmes/wellbeing/" + Q;

    private AppFactory _factory = null!;
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        _factory = new AppFactory(azurite);
        _factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero))));
        _baseUrl = _factory.StartOnKestrel();
        // Recruitment's action plan declares one milestone already overdue in Q2 and one due later.
        var strategy = AccessMatrixFixture.Strategy("bury").Replace(
            "\"lead\": \"Lead R\",",
            "\"lead\": \"Lead R\", \"milestones\": [{ \"id\": \"vacancy-campaign\", \"name\": \"Vacancy campaign launched\", \"due\": \"2026-27-Q1\", \"owner\": \"HR director\" }, { \"id\": \"bank-pool\", \"name\": \"Shared bank pool\", \"due\": \"2026-27-Q4\" }],",
            StringComparison.Ordinal);
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        (await admin.PutAsync("/api/partnerships/bury/strategy", new StringContent(strategy, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_lead_rescores_a_risk_until_it_escalates_closes_another_and_completes_a_milestone_so_its_slip_goes_away()
    {
        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        var rising = await AddRiskAsync(lead, "recruitment", "Agency caps bite", 3, 2, "2026-27-Q1");
        await AddRiskAsync(lead, "recruitment", "Payroll merger slips", 3, 3, Q);

        var page = await SignInAsync(Recruitment, AppFactory.LeadKey);
        Assert.Equal("1 milestone is late or at risk.", await page.InnerTextAsync("#slippage"));
        Assert.Contains("No change", await Row(page, "#open-risks", "Agency caps bite").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // Rescored once: higher, but below the threshold of 15.
        await Row(page, "#open-risks", "Agency caps bite").GetByRole(AriaRole.Link).ClickAsync();
        Assert.EndsWith($"{Recruitment}/risks/{rising}", page.Url, StringComparison.Ordinal);
        Assert.StartsWith("6 Moderate", await page.InnerTextAsync("#risk-score"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.SelectOptionAsync("#likelihood", "3");
        await page.SelectOptionAsync("#consequence", "4");
        await page.FillAsync("#mitigations", "Bank staff first");
        await page.ClickAsync("text=Save the risk");
        Assert.EndsWith($"{Recruitment}?saved=risk-updated#risks-heading", page.Url, StringComparison.Ordinal);
        var row = await Row(page, "#open-risks", "Agency caps bite").InnerTextAsync();
        Assert.Contains("12 High", row, StringComparison.Ordinal);
        Assert.Contains("Score up", row, StringComparison.Ordinal);
        Assert.DoesNotContain("Escalated", row, StringComparison.Ordinal);

        // Rescored again: at the threshold, so it goes up the chain.
        await Row(page, "#open-risks", "Agency caps bite").GetByRole(AriaRole.Link).ClickAsync();
        Assert.Equal("12 High (likelihood 3 × consequence 4)", await page.InnerTextAsync("#risk-score"));
        Assert.Equal("Bank staff first", await page.InputValueAsync("#mitigations"));
        await page.SelectOptionAsync("#likelihood", "4");
        await page.ClickAsync("text=Save the risk");
        row = await Row(page, "#open-risks", "Agency caps bite").InnerTextAsync();
        Assert.Contains("16 Extreme", row, StringComparison.Ordinal);
        Assert.Contains("Escalated", row, StringComparison.Ordinal);
        await Row(page, "#open-risks", "Agency caps bite").GetByRole(AriaRole.Link).ClickAsync();
        Assert.StartsWith("Escalated", await page.InnerTextAsync("#risk-escalation"), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator("table tbody tr").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        // Another is closed: it leaves the open risks for the closed ones.
        await page.GotoAsync(Recruitment);
        await Row(page, "#open-risks", "Payroll merger slips").GetByRole(AriaRole.Link).ClickAsync();
        await page.CheckAsync("#status-closed");
        await page.ClickAsync("text=Save the risk");
        Assert.DoesNotContain("Payroll merger slips", await page.InnerTextAsync("#open-risks"), StringComparison.Ordinal);
        Assert.Contains("Closed this period", await Row(page, "#closed-risks", "Payroll merger slips").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // The overdue milestone the strategy declares is completed: the slip goes away.
        Assert.Contains("Red: overdue", await Row(page, "#milestones", "Vacancy campaign launched").InnerTextAsync(), StringComparison.Ordinal);
        await Row(page, "#milestones", "Vacancy campaign launched").GetByRole(AriaRole.Link).ClickAsync();
        Assert.Equal(0, await page.Locator("#name").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.CheckAsync("#status-complete");
        await page.ClickAsync("text=Save progress");
        Assert.Equal("No milestone is late or at risk.", await page.InnerTextAsync("#slippage"));
        Assert.Contains("Green: complete", await Row(page, "#milestones", "Vacancy campaign launched").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        // Each save is a version, as the API records it, made in the page's quarter by the signed-in lead.
        var history = await ReadAsync(await lead.GetAsync(new Uri($"{Api}/recruitment/risks/{rising}", UriKind.Relative)));
        var versions = history.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([(1, "2026-27-Q1", 6), (2, Q, 12), (3, Q, 16)], versions.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("period").GetString(), v.GetProperty("score").GetInt32())));
        Assert.Equal("test lead", versions[^1].GetProperty("savedBy").GetString());
        var risks = (await ReadAsync(await lead.GetAsync(new Uri($"{Api}/recruitment/risks?period={Q}", UriKind.Relative)))).GetProperty("risks").EnumerateArray().ToList();
        Assert.True(risks.Single(r => r.GetProperty("risk").GetProperty("id").GetString() == rising).GetProperty("escalated").GetBoolean());
        var milestones = (await ReadAsync(await lead.GetAsync(new Uri($"{Api}/recruitment/milestones?period={Q}", UriKind.Relative)))).GetProperty("milestones").EnumerateArray();
        var campaign = milestones.Single(m => m.GetProperty("id").GetString() == "vacancy-campaign");
        Assert.Equal(("complete", 1, "2026-27-Q1", "HR director"), (campaign.GetProperty("status").GetString(), campaign.GetProperty("version").GetInt32(), campaign.GetProperty("due").GetString(), campaign.GetProperty("owner").GetString()));
    }

    [Fact]
    public async Task A_lead_of_one_programme_cannot_update_another_programmes_risk_or_milestone_by_editing_the_form()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var target = await AddRiskAsync(admin, "recruitment", "Insider target", 2, 2, Q);
        var own = await AddRiskAsync(admin, "wellbeing", "Own risk", 2, 2, Q);
        var page = await SignInAsync($"{Wellbeing}/risks/{own}", AppFactory.ScopedLeadKey);
        var token = await page.GetAttributeAsync("input[name=__RequestVerificationToken]", "value");
        IFormData Rescore() => page.APIRequest.CreateFormData()
            .Set("__RequestVerificationToken", token!).Set("description", "Rescored").Set("owner", "Me")
            .Set("likelihood", "5").Set("consequence", "5").Set("status", "closed");

        // The form's action pointed at the other programme's risk (same id shape) and milestone.
        var risk = await page.APIRequest.PostAsync(Url($"{Recruitment}/risks/{target}"), new() { Form = Rescore(), MaxRedirects = 0 });
        var milestone = await page.APIRequest.PostAsync(Url($"{Recruitment}/milestones/bank-pool"), new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("status", "complete"),
            MaxRedirects = 0,
        });
        Assert.Equal((403, 403), (risk.Status, milestone.Status));
        Assert.Contains("does not lead the programme", await risk.TextAsync(), StringComparison.Ordinal);

        // The same token and form on the lead's own risk is saved, so the refusal was the access rule.
        var allowed = await page.APIRequest.PostAsync(Url($"{Wellbeing}/risks/{own}"), new() { Form = Rescore(), MaxRedirects = 0 });
        Assert.Equal(302, allowed.Status);

        using var scoped = _factory.CreateClient(AppFactory.ScopedLeadKey);
        var keyed = await scoped.PostAsync(new Uri($"{Recruitment}/risks/{target}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["description"] = "Rescored", ["owner"] = "Me", ["likelihood"] = "5", ["consequence"] = "5", ["status"] = "open",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, keyed.StatusCode);

        var history = await ReadAsync(await admin.GetAsync(new Uri($"{Api}/recruitment/risks/{target}", UriKind.Relative)));
        Assert.Equal(1, history.GetProperty("history").GetArrayLength());
        var declared = (await ReadAsync(await admin.GetAsync(new Uri($"{Api}/recruitment/milestones?period={Q}", UriKind.Relative)))).GetProperty("milestones").EnumerateArray();
        Assert.Equal(0, declared.Single(m => m.GetProperty("id").GetString() == "bank-pool").GetProperty("version").GetInt32());
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task Bad_input_names_each_field_in_an_error_summary_keeps_what_was_typed_and_stores_nothing()
    {
        using var lead = _factory.CreateClient(AppFactory.ScopedLeadKey);
        var id = await AddRiskAsync(lead, "wellbeing", "Sickness absence rises", 3, 3, Q);
        var added = await lead.PostAsJsonAsync(new Uri($"{Api}/wellbeing/milestones", UriKind.Relative), new { name = "Wellbeing hubs open", due = "2026-27-Q3", period = Q });
        var milestoneId = (await ReadAsync(added)).GetProperty("id").GetString();

        var page = await SignInAsync($"{Wellbeing}/risks/{id}", AppFactory.ScopedLeadKey);
        await page.FillAsync("#description", " ");
        await page.FillAsync("#owner", "");
        await page.FillAsync("#mitigations", "Occupational health referrals");
        await page.ClickAsync("text=Save the risk");
        var summary = page.Locator(".nhsuk-error-summary");
        Assert.Equal(["Description: required", "Owner: required"], await summary.Locator("li").AllInnerTextsAsync());
        var links = await Task.WhenAll((await summary.Locator("a").AllAsync()).Select(link => link.GetAttributeAsync("href")));
        Assert.Equal("#description #owner", string.Join(' ', links));
        Assert.EndsWith("Owner: required", await page.InnerTextAsync("#owner-error"), StringComparison.Ordinal);
        Assert.Equal("Occupational health referrals", await page.InputValueAsync("#mitigations"));
        Assert.StartsWith("Error: ", await page.TitleAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync($"{Wellbeing}/milestones/{milestoneId}");
        await page.FillAsync("#name", "");
        await page.CheckAsync("#status-at-risk");
        await page.ClickAsync("text=Save progress");
        Assert.Equal(["What will be delivered: required"], await page.Locator(".nhsuk-error-summary li").AllInnerTextsAsync());
        Assert.True(await page.IsCheckedAsync("#status-at-risk"));
        await Accessibility.AssertNoViolationsAsync(page);

        // A hand-made post, outside what the form offers, is named field by field too.
        var forged = await lead.PostAsync(new Uri($"{Wellbeing}/risks/{id}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["description"] = "Sickness absence rises", ["owner"] = "HR", ["likelihood"] = "9", ["consequence"] = "x", ["status"] = "gone",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        var body = WebUtility.HtmlDecode(await forged.Content.ReadAsStringAsync());
        Assert.Contains("Likelihood: 9 is not on the scale", body, StringComparison.Ordinal);
        Assert.Contains("Consequence: required", body, StringComparison.Ordinal);
        Assert.Contains("Status: 'gone' is not a status", body, StringComparison.Ordinal);

        // The log page's own form for a new risk names its fields the same way, and links to each.
        await page.GotoAsync(Wellbeing);
        await page.ClickAsync("text=Add risk");
        Assert.Equal(["Description: required", "Owner: required"], await page.Locator(".nhsuk-error-summary li").AllInnerTextsAsync());
        Assert.Equal(1, await page.Locator("#risk-owner-error").CountAsync());
        Assert.Equal(0, await page.Locator("#milestone-owner-error").CountAsync());
        var unscaled = await lead.PostAsync(new Uri(Wellbeing, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["form"] = "risk", ["description"] = "d", ["owner"] = "o", ["likelihood"] = "9", ["consequence"] = "1",
        }));
        Assert.Contains("href=\"#risk-likelihood\"", await unscaled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var logged = (await ReadAsync(await lead.GetAsync(new Uri($"{Api}/wellbeing/risks?period={Q}", UriKind.Relative)))).GetProperty("risks").EnumerateArray();
        Assert.DoesNotContain(logged, r => r.GetProperty("risk").GetProperty("description").GetString() == "d");

        Assert.Equal(1, (await ReadAsync(await lead.GetAsync(new Uri($"{Api}/wellbeing/risks/{id}", UriKind.Relative)))).GetProperty("history").GetArrayLength());
        var milestones = (await ReadAsync(await lead.GetAsync(new Uri($"{Api}/wellbeing/milestones?period={Q}", UriKind.Relative)))).GetProperty("milestones").EnumerateArray();
        Assert.Equal(1, milestones.Single(m => m.GetProperty("id").GetString() == milestoneId).GetProperty("version").GetInt32());
    }

    private async Task<IPage> SignInAsync(string path, string key)
    {
        var page = await browser.NewPageAsync(_baseUrl);
        await page.GotoAsync(path);
        await page.FillAsync("#key", key);
        await page.ClickAsync("button[type=submit]");
        Assert.EndsWith(path, page.Url, StringComparison.Ordinal);
        return page;
    }

    private string Url(string path) => new Uri(_baseUrl, path).ToString();

    private static ILocator Row(IPage page, string table, string text) => page.Locator($"{table} tbody tr", new() { HasText = text });

    private static async Task<string> AddRiskAsync(HttpClient client, string programme, string description, int likelihood, int consequence, string period)
    {
        var added = await client.PostAsJsonAsync(new Uri($"{Api}/{programme}/risks", UriKind.Relative), new { description, owner = "HR director", likelihood, consequence, period });
        added.EnsureSuccessStatusCode();
        return (await ReadAsync(added)).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
