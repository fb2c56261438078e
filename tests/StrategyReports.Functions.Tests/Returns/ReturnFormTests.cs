using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using StrategyReports.TestSupport;
using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Returns;

/// <summary>The form's rules over plain HTTP, as a browser without JavaScript posts it.</summary>
public sealed partial class ReturnFormTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AppFactory _factory;
    private readonly TestClock _clock;

    public ReturnFormTests(AzuriteFixture azurite) => (_factory, _clock) = Create(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Figures_typed_with_commas_and_pound_signs_are_numbers()
    {
        var (admin, p, link) = await SetUpAsync("trust");
        using var browser = _factory.CreateClient();

        var response = await PostAsync(browser, await HiddenFieldsAsync(browser, link), new()
        {
            ["values.vacancies"] = " 1,204 ",
            ["values.agency-spend"] = "£12,500.50",
            ["values.sickness-absence.numerator"] = "30",
            ["values.sickness-absence.denominator"] = "600",
            ["values.edi-strategy"] = "no",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Return submitted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var values = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/trust", UriKind.Relative)))).GetProperty("latest").GetProperty("values");
        Assert.Equal(1204, values.GetProperty("vacancies").GetInt32());
        Assert.Equal(12500.50m, values.GetProperty("agency-spend").GetDecimal());
        Assert.False(values.GetProperty("edi-strategy").GetBoolean());
    }

    [Fact]
    public async Task Posting_the_same_page_twice_stores_one_version()
    {
        var (admin, p, link) = await SetUpAsync("care-home");
        using var browser = _factory.CreateClient();
        var hidden = await HiddenFieldsAsync(browser, link);

        var first = await PostAsync(browser, hidden, new() { ["values.vacancies"] = "3" });
        var again = await PostAsync(browser, hidden, new() { ["values.vacancies"] = "3" });

        Assert.Contains("CARE-HOME/V1", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("CARE-HOME/V1", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var history = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("history");
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task A_form_opened_before_someone_else_submitted_is_not_stored_and_says_so()
    {
        var (admin, p, link) = await SetUpAsync("care-home");
        using var browser = _factory.CreateClient();
        var hidden = await HiddenFieldsAsync(browser, link);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "care-home", """{"values": {"vacancies": 8}}""")).StatusCode);

        var response = await PostAsync(browser, hidden, new() { ["values.vacancies"] = "3" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Version 1 of this return was submitted by test admin", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#values-vacancies\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"3\"", html, StringComparison.Ordinal);
        var latest = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("latest");
        Assert.Equal(8, latest.GetProperty("values").GetProperty("vacancies").GetInt32());

        // The re-rendered form carries the new version's ETag, so submitting it again is accepted.
        var retry = await PostAsync(browser, Hidden(html), new() { ["values.vacancies"] = "3" });
        Assert.Contains("CARE-HOME/V2", await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_after_the_window_closed_is_refused_with_a_page()
    {
        var (admin, p, link) = await SetUpAsync("care-home");
        using var browser = _factory.CreateClient();
        var hidden = await HiddenFieldsAsync(browser, link);

        _clock.Now = AfterClose;
        // Weeks later the form's session has ended; opening the link again starts a new one, and the old page is posted.
        await browser.GetAsync(new Uri(link, UriKind.Relative));
        var response = await PostAsync(browser, hidden, new() { ["values.vacancies"] = "3" });

        Assert.Equal((HttpStatusCode)423, response.StatusCode);
        Assert.Contains("Returns are closed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_form_opened_after_the_due_date_says_the_return_will_be_late()
    {
        var (_, _, link) = await SetUpAsync("care-home");
        using var browser = _factory.CreateClient();

        _clock.Now = AfterDue;
        var html = await (await browser.GetAsync(new Uri(link, UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.Contains("marked late", html, StringComparison.Ordinal);
    }

    private async Task<(HttpClient Admin, string PartnershipId, string Link)> SetUpAsync(string partner)
    {
        var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner, expiresInDays = 90 });
        return (admin, p, (await JsonAsync(issued)).GetProperty("url").GetString()!);
    }

    private static async Task<Dictionary<string, string>> HiddenFieldsAsync(HttpClient browser, string link) =>
        Hidden(await (await browser.GetAsync(new Uri(link, UriKind.Relative))).Content.ReadAsStringAsync());

    private static Dictionary<string, string> Hidden(string html) =>
        HiddenField().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));

    // The form posts to /r, in the session the link opened.
    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, Dictionary<string, string> hidden, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(hidden.Concat(fields));
        return await browser.PostAsync(new Uri("/r", UriKind.Relative), content);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
