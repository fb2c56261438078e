using System.Net;
using System.Net.Http.Json;
using System.Text;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Returns;

/// <summary>Drafts through the API and the form: who may keep one, what shape it takes, and that it never counts as a return.</summary>
public sealed class ReturnDraftsTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AppFactory _factory;
    private readonly TestClock _clock;

    public ReturnDraftsTests(AzuriteFixture azurite) => (_factory, _clock) = Create(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_partner_saves_and_reads_its_own_draft_which_never_counts_as_a_return()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        using var partner = _factory.CreateClient(AppFactory.PartnerKey);
        await PublishAsync(admin, "bury");

        var saved = await PutDraftAsync(partner, "bury", "bury-council", """{"values": {"vacancies": "twelve-ish", "edi-strategy": true}, "narrative": {"achievements": "Half written"}}""");
        var read = await partner.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}/bury-council/draft", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var draft = await JsonAsync(read);
        Assert.Equal("twelve-ish", draft.GetProperty("draft").GetProperty("values").GetProperty("vacancies").GetString());
        Assert.True(draft.GetProperty("draft").GetProperty("values").GetProperty("edi-strategy").GetBoolean());
        Assert.Equal("api-key:test partner", draft.GetProperty("savedBy").GetString());
        Assert.Equal(Open, draft.GetProperty("savedAt").GetDateTimeOffset());

        // Not a return: nothing to read, and completeness still names the partner as missing.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}/bury-council", UriKind.Relative))).StatusCode);
        var completeness = await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}", UriKind.Relative)));
        Assert.Contains(completeness.GetProperty("missing").EnumerateArray(), m => m.GetProperty("partner").GetString() == "bury-council");
    }

    [Fact]
    public async Task A_partner_cannot_read_or_write_another_partners_draft_and_a_lead_reads_none()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        using var partner = _factory.CreateClient(AppFactory.PartnerKey);
        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        await PublishAsync(admin, "bury");
        Assert.Equal(HttpStatusCode.OK, (await PutDraftAsync(admin, "bury", "trust", """{"values": {"vacancies": 3141592}}""")).StatusCode);

        var write = await PutDraftAsync(partner, "bury", "trust", """{"values": {"vacancies": 1}}""");
        var read = await partner.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}/trust/draft", UriKind.Relative));
        var leadRead = await lead.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}/trust/draft", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.DoesNotContain("3141592", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, leadRead.StatusCode);
        var kept = await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/bury/returns/{PeriodId}/trust/draft", UriKind.Relative)));
        Assert.Equal(3141592, kept.GetProperty("draft").GetProperty("values").GetProperty("vacancies").GetInt32());
    }

    [Fact]
    public async Task A_draft_out_of_shape_is_refused_naming_each_field_and_a_closed_period_takes_none()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);

        var refused = await PutDraftAsync(admin, p, "care-home", $$"""{"values": {"agency-spend": 5, "vacancies": [1], "volunteers": "{{new string('9', 101)}}"}, "narrative": {"plans": "x"}, "colour": "red"}""");
        var problem = await JsonAsync(refused);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(
            ["colour", "narrative.plans", "values.agency-spend", "values.vacancies", "values.volunteers"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home/draft", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutDraftAsync(admin, p, "nobody", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutDraftAsync(admin, p, "care-home", "{")).StatusCode);

        _clock.Now = AfterClose;
        Assert.Equal((HttpStatusCode)423, (await PutDraftAsync(admin, p, "care-home", """{"values": {"vacancies": 1}}""")).StatusCode);
    }

    [Fact]
    public async Task A_draft_saved_on_the_form_comes_back_through_the_same_link_and_goes_once_the_return_is_sent()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner = "care-home", expiresInDays = 90 });
        var link = (await JsonAsync(issued)).GetProperty("url").GetString()!;
        using var browser = _factory.CreateClient();
        await browser.GetAsync(new Uri(link, UriKind.Relative));
        var form = await browser.GetStringAsync(new Uri($"/r/returns/{PeriodId}", UriKind.Relative));

        var saved = await PostFormAsync(browser, form, new()
        {
            ["action"] = "draft",
            ["values.vacancies"] = "seven",
            ["values.sickness-absence.numerator"] = "12",
            ["narrative.risks"] = "Winter",
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("id=\"draft-saved\"", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Later, in another browser, through the same link.
        using var later = _factory.CreateClient();
        var home = await (await later.GetAsync(new Uri(link, UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Contains("Draft saved", home, StringComparison.Ordinal);
        var restored = await later.GetStringAsync(new Uri($"/r/returns/{PeriodId}", UriKind.Relative));
        Assert.Contains("id=\"draft-restored\"", restored, StringComparison.Ordinal);
        Assert.Contains("value=\"seven\"", restored, StringComparison.Ordinal);
        Assert.Contains("value=\"12\"", restored, StringComparison.Ordinal);
        Assert.Contains(">Winter</textarea>", restored, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative))).StatusCode);

        // "Continue" with a figure that is not one: the form again, with the error, and nothing stored.
        var wrong = await PostFormAsync(later, restored, new() { ["action"] = "continue", ["values.vacancies"] = "seven" }, check: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("href=\"#values-vacancies\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var check = await PostFormAsync(later, restored, new() { ["action"] = "continue", ["values.vacancies"] = "7", ["values.sickness-absence.denominator"] = "300" }, check: true);
        var answers = await check.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("Check your answers", answers, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative))).StatusCode);

        // "Submit", twice (a double click): one version, and the draft is gone.
        var first = await PostFormAsync(later, answers, []);
        var second = await PostFormAsync(later, answers, []);
        Assert.Contains($"{p}/{PeriodId}/care-home/v1".ToUpperInvariant(), await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"{p}/{PeriodId}/care-home/v1".ToUpperInvariant(), await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)));
        Assert.Equal(1, stored.GetProperty("history").GetArrayLength());
        Assert.Equal(7, stored.GetProperty("latest").GetProperty("values").GetProperty("vacancies").GetInt32());
        Assert.Equal("Winter", stored.GetProperty("latest").GetProperty("narrative").GetProperty("risks").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home/draft", UriKind.Relative))).StatusCode);
    }

    private static async Task<HttpResponseMessage> PutDraftAsync(HttpClient client, string partnershipId, string partnerId, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.PutAsync(new Uri($"/api/partnerships/{partnershipId}/returns/{PeriodId}/{partnerId}/draft", UriKind.Relative), content);
    }

    // The page's first form with its fields as they are, changed by `fields`, posted where its button would post it.
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, Dictionary<string, string> fields, bool check = false)
    {
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page);
        var form = document.QuerySelector("main form")!;
        var values = form.QuerySelectorAll("input[name], textarea[name]")
            .Where(e => e.GetAttribute("type") is not ("radio" or "file") || e.HasAttribute("checked"))
            .GroupBy(e => e.GetAttribute("name")!)
            .ToDictionary(g => g.Key, g => g.First().TagName == "TEXTAREA" ? g.First().TextContent : g.First().GetAttribute("value") ?? "", StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = check ? form.QuerySelector("#continue")!.GetAttribute("formaction")! : form.GetAttribute("action")!;
        using var content = new FormUrlEncodedContent(values);
        return await browser.PostAsync(new Uri(action, UriKind.Relative), content);
    }
}
