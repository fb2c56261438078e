using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StrategyReports.Functions.Tests.Security;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Returns;

/// <summary>
/// A lead queries a partner's return on its page, the partner sees the query behind their link and resubmits, and the
/// lead accepts the new version: in a real Chromium with JavaScript off, every state checked with axe.
/// </summary>
public sealed class ReturnReviewPagesTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Q = "2026-27-Q2";
    private const string LeadKey = "test-review-pages-lead-key";
    private const string ScopedLeadKey = "test-review-pages-scoped-lead-key";

    // The tests share one storage: each has a partnership, and leads of it, of its own.
    private readonly string _p = ReturnsTestData.NewPartnership();
    private AppFactory _factory = null!;
    private Uri _baseUrl = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _factory = new AppFactory(azurite);
        foreach (var (index, name, key, programme) in new[] { (5, "test lead", LeadKey, (string?)null), (6, "test scoped lead", ScopedLeadKey, "wellbeing") })
        {
            _factory.Settings[$"Auth:ApiKeys:{index}:Name"] = name;
            _factory.Settings[$"Auth:ApiKeys:{index}:Key"] = key;
            _factory.Settings[$"Auth:ApiKeys:{index}:Role"] = "lead";
            _factory.Settings[$"Auth:ApiKeys:{index}:Partnership"] = _p;
            if (programme is not null)
            {
                _factory.Settings[$"Auth:ApiKeys:{index}:Programmes:0"] = programme;
            }
        }

        _factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero))));
        _baseUrl = _factory.StartOnKestrel();
        _admin = _factory.CreateClient(AppFactory.AdminKey);
        (await _admin.PutAsync(new Uri($"/api/partnerships/{_p}/strategy", UriKind.Relative), new StringContent(AccessMatrixFixture.Strategy(_p), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_lead_queries_a_return_the_partner_sees_the_query_and_resubmits_and_the_lead_accepts_it()
    {
        await SubmitAsync(vacancies: 40);
        var link = await IssueLinkAsync();

        // The returns page shows the return awaiting review and links to it.
        var lead = await SignInAsync(Status, LeadKey);
        Assert.Contains("Awaiting review", await Row(lead, "Acute Trust").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(lead);
        await Row(lead, "Acute Trust").GetByRole(AriaRole.Link).ClickAsync();
        Assert.EndsWith(Trust, lead.Url, StringComparison.Ordinal);
        Assert.Equal("Awaiting review", await lead.InnerTextAsync("#review-state"));
        Assert.NotNull(await lead.QuerySelectorAsync("#no-decisions"));
        Assert.Contains("New starters", await lead.InnerTextAsync("table"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(lead);

        // A query without a comment is named in the error summary, with what was typed kept.
        await lead.CheckAsync("#decision-query");
        await lead.FillAsync("#measure-vacancies", "40 is twice last quarter");
        await lead.ClickAsync("text=Record the decision");
        Assert.StartsWith("Error:", await lead.TitleAsync(), StringComparison.Ordinal);
        Assert.Contains("Comment to the partner", await lead.InnerTextAsync(".nhsuk-error-summary"), StringComparison.Ordinal);
        Assert.Equal("40 is twice last quarter", await lead.InputValueAsync("#measure-vacancies"));
        await Accessibility.AssertNoViolationsAsync(lead);

        await lead.FillAsync("#comment", "Please check your vacancies");
        await lead.ClickAsync("text=Record the decision");
        Assert.Contains("?saved=query", lead.Url, StringComparison.Ordinal);
        Assert.Equal("Queried", await lead.InnerTextAsync("#review-state"));
        Assert.Contains("Vacancies: 40 is twice last quarter", await lead.InnerTextAsync("#decisions"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(lead);

        // The partner opens their link: their page lists the query, and the form for the quarter shows it above the questions.
        var partner = await browser.NewPageAsync(_baseUrl);
        await partner.GotoAsync(link);
        var listed = await partner.InnerTextAsync($"#query-{Q}");
        Assert.Contains("Please check your vacancies", listed, StringComparison.Ordinal);
        Assert.Contains("Vacancies: 40 is twice last quarter", listed, StringComparison.Ordinal);
        Assert.Contains("Queried", await partner.InnerTextAsync("#due"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(partner);
        await partner.ClickAsync($"#query-{Q} a");
        var query = await partner.InnerTextAsync("#return-query");
        Assert.Contains("test lead queried version 1", query, StringComparison.Ordinal);
        Assert.Contains("Please check your vacancies", query, StringComparison.Ordinal);
        Assert.Contains("Vacancies: 40 is twice last quarter", query, StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(partner);

        // Resubmitting answers the query: neither page shows it any more, and the return awaits review again.
        await partner.FillAsync("#values-vacancies", "20");
        await partner.ClickAsync("#continue");
        await partner.ClickAsync("#submit");
        await partner.GotoAsync(link);
        Assert.Null(await partner.QuerySelectorAsync($"#query-{Q}"));
        await partner.GotoAsync(new Uri(_baseUrl, $"/r/returns/{Q}").AbsoluteUri);
        Assert.Null(await partner.QuerySelectorAsync("#return-query"));
        await lead.GotoAsync(Trust);
        Assert.Equal("Awaiting review", await lead.InnerTextAsync("#review-state"));

        await lead.CheckAsync("#decision");
        await lead.ClickAsync("text=Record the decision");
        Assert.Equal("Accepted", await lead.InnerTextAsync("#review-state"));
        await Accessibility.AssertNoViolationsAsync(lead);
        await lead.GotoAsync(Status);
        Assert.Contains("Accepted", await Row(lead, "Acute Trust").InnerTextAsync(), StringComparison.Ordinal);

        // Each decision is in the return's history, as the API reads it.
        var reviews = (await _admin.GetFromJsonAsync<JsonElement>(new Uri(Api, UriKind.Relative))).GetProperty("reviews").EnumerateArray().ToList();
        Assert.Equal([("query", 1), ("accept", 2)], reviews.Select(r => (r.GetProperty("decision").GetString(), r.GetProperty("basedOnVersion").GetInt32())));
        Assert.All(reviews, r => Assert.Equal("test lead", r.GetProperty("reviewedBy").GetString()));
    }

    [Fact]
    public async Task A_decision_on_a_version_superseded_while_the_page_was_open_is_refused_and_the_new_version_shown()
    {
        await SubmitAsync(vacancies: 7);
        var lead = await SignInAsync(Trust, LeadKey);
        await SubmitAsync(vacancies: 8);

        await lead.CheckAsync("#decision");
        await lead.ClickAsync("text=Record the decision");

        Assert.Contains("was submitted by", await lead.InnerTextAsync(".nhsuk-error-summary"), StringComparison.Ordinal);
        Assert.Contains("Decide on version 2", await lead.InnerTextAsync("#decision-heading"), StringComparison.Ordinal);
        Assert.Equal("Awaiting review", await lead.InnerTextAsync("#review-state"));
        await Accessibility.AssertNoViolationsAsync(lead);
    }

    [Fact]
    public async Task A_lead_of_one_of_the_partners_programmes_reads_its_figures_but_cannot_decide()
    {
        await SubmitAsync(vacancies: 9);

        var lead = await SignInAsync(Trust, ScopedLeadKey);

        Assert.NotNull(await lead.QuerySelectorAsync("#cannot-review"));
        Assert.Null(await lead.QuerySelectorAsync("#decision"));
        Assert.DoesNotContain("New starters", await lead.InnerTextAsync("main"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(lead);
    }

    private string Status => $"/partnerships/{_p}/returns/{Q}";

    private string Trust => Status + "/trust";

    private string Api => $"/api/partnerships/{_p}/returns/{Q}/trust";

    private async Task SubmitAsync(int vacancies)
    {
        var latest = await _admin.GetAsync(new Uri(Api, UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Api, UriKind.Relative))
        {
            Content = new StringContent(
                $$"""{"values": {"vacancies": {{vacancies}}, "agency-spend": 100, "new-starters": 5, "leavers": 3}, "submittedBy": "Trust returns officer"}""",
                Encoding.UTF8,
                "application/json"),
        };
        if (latest.IsSuccessStatusCode)
        {
            request.Headers.TryAddWithoutValidation("If-Match", latest.Headers.ETag!.ToString());
        }

        (await _admin.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private async Task<string> IssueLinkAsync()
    {
        var issued = await _admin.PostAsJsonAsync(new Uri($"/api/partnerships/{_p}/links", UriKind.Relative), new { partner = "trust", expiresInDays = 90 });
        issued.EnsureSuccessStatusCode();
        var url = new Uri((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!, UriKind.RelativeOrAbsolute);
        return url.IsAbsoluteUri ? url.PathAndQuery : url.OriginalString;
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

    private static ILocator Row(IPage page, string partner) => page.Locator("tbody tr").Filter(new LocatorFilterOptions { HasText = partner });
}
