using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Surveys;

public sealed class SurveyPagesTests : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IDisposable
{
    private readonly AppFactory _factory;
    private readonly BrowserFixture _browser;
    private readonly TestClock _clock;

    public SurveyPagesTests(AzuriteFixture azurite, BrowserFixture browser)
    {
        _browser = browser;
        _factory = new AppFactory(azurite);
        _factory.Settings["Surveys:RateLimitPermits"] = "1000";
        _clock = _factory.UseClock(SurveyTesting.BothOpen);
    }

    public void Dispose() => _factory.Dispose();

    private async Task<IReadOnlyList<SurveyResponse>> StoredAsync(string surveyId)
    {
        await _factory.FlushAsync(surveyId);
        return await _factory.Services.GetRequiredService<SurveyResponseStore>().ListAsync("bury", surveyId);
    }

    private static async Task AssertErrorLinksReachFieldsAsync(IPage page)
    {
        var links = page.Locator(".nhsuk-error-summary a");
        Assert.True(await links.CountAsync() > 0);
        foreach (var href in await links.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
        {
            Assert.StartsWith("#", href, StringComparison.Ordinal);
            Assert.Equal(1, await page.Locator($"[id='{href[1..]}']").CountAsync());
        }
    }

    [Theory]
    [Trait(Categories.Name, Categories.Slow)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_member_of_staff_answers_a_survey_without_javascript_through_an_error_and_sees_what_happens_to_the_answers(bool phone)
    {
        var baseUrl = _factory.StartOnKestrel();
        await _factory.PublishBuryAsync();
        var before = (await StoredAsync("new-starter")).Count;
        var page = phone ? await _browser.NewPhonePageAsync(baseUrl) : await _browser.NewPageAsync(baseUrl);
        var partner = phone ? "vcfa" : "persona"; // the class's tests share one storage

        var form = await page.GotoAsync("/s/new-starter");
        Assert.Equal(200, form!.Status);
        Assert.Equal("Bury health and care new-starter survey – StrategyReports", await page.TitleAsync());
        Assert.Equal(5, await page.Locator("input[type=radio][name='answers.understand-locality']").CountAsync());
        Assert.Equal(4, await page.Locator("input[type=checkbox][name='answers.settling-in-help']").CountAsync());
        Assert.Equal(1, await page.Locator("textarea[name='answers.anything-else']").CountAsync());
        Assert.Contains("(optional)", await page.InnerTextAsync("fieldset:has(input[name='answers.settling-in-help']) legend"), StringComparison.Ordinal);
        Assert.Contains("up to 1,000 characters", await page.InnerTextAsync("#q-anything-else-hint"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("main a[href='/about/anonymity']").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        // Half an answer: organisation and one question, the rest left out.
        await page.SelectOptionAsync("#partner", partner);
        await page.CheckAsync("input[name='answers.understand-locality'][value='4']");
        await page.CheckAsync("input[name='answers.settling-in-help'][value='The locality toolkit']");
        await page.FillAsync("#q-anything-else", "A map of who does what");
        var error = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), response => response.Request.Method == "POST");

        Assert.Equal(422, error.Status);
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        var summary = await page.InnerTextAsync(".nhsuk-error-summary");
        Assert.Contains("This question needs an answer", summary, StringComparison.Ordinal);
        Assert.Equal(["#q-work-across-boundaries", "#q-induction-received"], await page.Locator(".nhsuk-error-summary a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));
        await AssertErrorLinksReachFieldsAsync(page);
        Assert.Equal(partner, await page.InputValueAsync("#partner"));
        Assert.True(await page.IsCheckedAsync("input[name='answers.understand-locality'][value='4']"));
        Assert.True(await page.IsCheckedAsync("input[name='answers.settling-in-help'][value='The locality toolkit']"));
        Assert.Equal("A map of who does what", await page.InputValueAsync("#q-anything-else"));
        Assert.Equal(before, (await StoredAsync("new-starter")).Count);
        await Accessibility.AssertNoViolationsAsync(page);

        await page.CheckAsync("input[name='answers.work-across-boundaries'][value='2']");
        await page.CheckAsync("input[name='answers.induction-received'][value='Not sure']");
        await page.ClickAsync("button[type=submit]");

        Assert.Equal("Thank you: your answers have been sent", await page.InnerTextAsync("h1"));
        Assert.Contains("without your name, e-mail, IP address or device", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("at least 11 people", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
        Assert.Empty(await page.Context.CookiesAsync());

        var stored = Assert.Single(await StoredAsync("new-starter"), response => response.PartnerId == partner && response.Answers.ContainsKey("anything-else"));
        Assert.Equal(new DateOnly(2025, 10, 15), stored.Day);
        Assert.Equal(new LikertAnswer(4), stored.Answers["understand-locality"]);
        Assert.Equal(new LikertAnswer(2), stored.Answers["work-across-boundaries"]);
        Assert.Equal(new SingleChoiceAnswer("Not sure"), stored.Answers["induction-received"]);
        Assert.Equal(new MultiChoiceAnswer(["The locality toolkit"]), stored.Answers["settling-in-help"]);
        Assert.Equal(new TextAnswer("A map of who does what"), stored.Answers["anything-else"]);
        Assert.Equal(before + 1, (await StoredAsync("new-starter")).Count);
    }

    [Fact]
    public async Task A_link_carrying_the_partner_asks_no_organisation_and_keeps_it()
    {
        var baseUrl = _factory.StartOnKestrel();
        await _factory.PublishBuryAsync();
        var page = await _browser.NewPageAsync(baseUrl);

        await page.GotoAsync("/s/wellbeing-pulse?partner=bury-hospice");
        Assert.Equal(0, await page.Locator("select#partner").CountAsync());
        Assert.Contains("Bury Hospice", await page.InnerTextAsync("form"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(11, await page.Locator("input[name='answers.recommend-place-to-work']").CountAsync());
        await page.ClickAsync("button[type=submit]");
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("select#partner").CountAsync());
        await AssertErrorLinksReachFieldsAsync(page);
        foreach (var question in new[] { "wellbeing-supported", "wellbeing-conversation", "wellbeing-resources", "inclusive-manager" })
        {
            await page.CheckAsync($"input[name='answers.{question}'][value='5']");
        }

        await page.CheckAsync("input[name='answers.recommend-place-to-work'][value='10']");
        await page.ClickAsync("button[type=submit]");

        Assert.Equal("Thank you: your answers have been sent", await page.InnerTextAsync("h1"));
        Assert.Contains(await StoredAsync("wellbeing-pulse"), response => response.PartnerId == "bury-hospice");
    }

    [Fact]
    public async Task Unknown_closed_and_not_yet_open_surveys_get_a_clear_page_with_the_right_status_and_no_cookies()
    {
        await _factory.PublishBuryAsync();
        using var client = _factory.CreateClient();

        async Task<(HttpStatusCode, string)> GetAsync(string path)
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.False(response.Headers.Contains("Set-Cookie"));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var (unknown, unknownPage) = await GetAsync("/s/no-such-survey");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Contains("Survey not found", unknownPage, StringComparison.Ordinal);
        _clock.Now = new DateTimeOffset(2025, 11, 3, 12, 0, 0, TimeSpan.Zero);
        var (closed, closedPage) = await GetAsync("/s/wellbeing-pulse");
        Assert.Equal(HttpStatusCode.Gone, closed);
        Assert.Contains("closed on 31 October 2025", closedPage, StringComparison.Ordinal);
        var posted = await client.PostAsync(new Uri("/s/wellbeing-pulse", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["partner"] = "nca", ["answers.wellbeing-supported"] = "4" }));
        Assert.Equal(HttpStatusCode.Gone, posted.StatusCode);
        _clock.Now = new DateTimeOffset(2025, 3, 3, 12, 0, 0, TimeSpan.Zero);
        var (early, earlyPage) = await GetAsync("/s/new-starter");
        Assert.Equal(HttpStatusCode.Conflict, early);
        Assert.Contains("opens on 1 April 2025", earlyPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_answer_over_its_limit_is_shown_back_with_the_error_and_nothing_is_stored()
    {
        await _factory.PublishBuryAsync();
        var before = (await StoredAsync("wellbeing-pulse")).Count;
        using var client = _factory.CreateClient();
        var tooLong = new string('y', 1001);

        var response = await client.PostAsync(new Uri("/s/wellbeing-pulse?partner=nca", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["partner"] = "nca",
            ["answers.wellbeing-supported"] = "4",
            ["answers.wellbeing-conversation"] = "4",
            ["answers.wellbeing-resources"] = "4",
            ["answers.inclusive-manager"] = "4",
            ["answers.recommend-place-to-work"] = "7",
            ["answers.one-change"] = tooLong,
        }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("href=\"#q-one-change\"", html, StringComparison.Ordinal);
        Assert.Contains("the limit is 1,000", html, StringComparison.Ordinal);
        Assert.Contains(tooLong, html, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(before, (await StoredAsync("wellbeing-pulse")).Count);
    }
}
